using Platform.Core.Storage;
using Platform.Embedded.Storage;
using Platform.Tests.Support;

namespace Platform.Tests.Storage;

public sealed class SqliteStoreFixture : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sqlite-store-");

    public SqliteStoreFixture() => Store = new SqliteDocumentStore(new SqliteDatabase(Path.Combine(_folder.FullName, "documents.db")));

    public IDocumentStore Store { get; }

    public void Dispose() => _folder.Delete(recursive: true);
}

[AdapterUnderTest(typeof(SqliteDocumentStore))]
public sealed class SqliteDocumentStoreTests(SqliteStoreFixture fixture) : DocumentStoreContract, IClassFixture<SqliteStoreFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}

[AdapterUnderTest(typeof(SqliteDocumentStore))]
public sealed class SqliteDocumentQueryTests(SqliteStoreFixture fixture) : DocumentQueryContract, IClassFixture<SqliteStoreFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}

[AdapterUnderTest(typeof(SqliteDocumentStore))]
public sealed class SqliteDocumentChangeFeedTests(SqliteStoreFixture fixture) : DocumentChangeFeedContract, IClassFixture<SqliteStoreFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}

[AdapterUnderTest(typeof(SqliteDocumentStore))]
public sealed class SqliteOutboxRelayTests(SqliteStoreFixture fixture) : OutboxRelayContract, IClassFixture<SqliteStoreFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}

[AdapterUnderTest(typeof(SqliteDocumentStore))]
public sealed class SqliteModerationStorageTests(SqliteStoreFixture fixture) : ModerationStorageContract, IClassFixture<SqliteStoreFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}

[AdapterUnderTest(typeof(SqliteDocumentStore))]
public sealed class SqliteNotificationStorageTests(SqliteStoreFixture fixture) : NotificationStorageContract, IClassFixture<SqliteStoreFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}

[AdapterUnderTest(typeof(SqliteDocumentStore))]
public sealed class SqliteStockShardingTests(SqliteStoreFixture fixture) : StockShardingContract, IClassFixture<SqliteStoreFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}
