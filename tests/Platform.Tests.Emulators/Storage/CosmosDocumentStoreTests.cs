using Microsoft.Azure.Cosmos;
using Platform.Azure.Storage;
using Platform.Core.Storage;
using Platform.Tests.Support;

namespace Platform.Tests.Storage;

/// <summary>
/// The real Cosmos SDK (Gateway mode) against @vercel/cosmosdb-server. Its self-signed certificate is accepted
/// here and only here.
/// </summary>
public sealed class CosmosEmulatorFixture : IAsyncLifetime
{
    // The emulator accepts any key; this is the public Cosmos emulator key, not a secret.
    private const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
    private NodeEmulator? _emulator;

    public CosmosClient Client { get; private set; } = null!;

    public IDocumentStore Store { get; private set; } = null!;

    public const string Database = "platform";

    public async Task InitializeAsync()
    {
        _emulator = await NodeEmulator.StartAsync("cosmosdb-server", port => ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Client = new CosmosClient($"https://localhost:{_emulator.Port}", EmulatorKey, new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,
            HttpClientFactory = () => new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            }),
        });

        // In Azure the containers come from infra/ (the app's identity cannot create them); here the fixture does.
        var database = (await Client.CreateDatabaseIfNotExistsAsync(Database)).Database;
        foreach (var container in CosmosContainers.All)
        {
            // The emulator, like Cosmos DB, serves ORDER BY on two properties only from a composite index (infra/main.bicep
            // declares them per container; the contracts order by these, then id).
            var properties = new ContainerProperties(container, "/pk");
            foreach (var path in new[] { "/createdAt", "/at", "/openedAt", "/reportedAt", "/changedAt", "/updatedAt", "/offeredAt" })
            {
                foreach (var order in new[] { CompositePathSortOrder.Ascending, CompositePathSortOrder.Descending })
                {
                    properties.IndexingPolicy.CompositeIndexes.Add(new System.Collections.ObjectModel.Collection<CompositePath>
                    {
                        new() { Path = path, Order = order },
                        new() { Path = "/id", Order = order },
                    });
                }
            }

            await database.CreateContainerIfNotExistsAsync(properties);
        }

        Store = new CosmosDocumentStore(Client, Database);
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        _emulator?.Dispose();
        return Task.CompletedTask;
    }
}

[AdapterUnderTest(typeof(CosmosDocumentStore))]
public sealed class CosmosDocumentStoreTests(CosmosEmulatorFixture fixture) : DocumentStoreContract, IClassFixture<CosmosEmulatorFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}

[AdapterUnderTest(typeof(CosmosDocumentStore))]
public sealed class CosmosDocumentChangeFeedTests(CosmosEmulatorFixture fixture) : DocumentChangeFeedContract, IClassFixture<CosmosEmulatorFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}

[AdapterUnderTest(typeof(CosmosDocumentStore))]
public sealed class CosmosOutboxRelayTests(CosmosEmulatorFixture fixture) : OutboxRelayContract, IClassFixture<CosmosEmulatorFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}

[AdapterUnderTest(typeof(CosmosDocumentStore))]
public sealed class CosmosModerationStorageTests(CosmosEmulatorFixture fixture) : ModerationStorageContract, IClassFixture<CosmosEmulatorFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}

[AdapterUnderTest(typeof(CosmosDocumentStore))]
public sealed class CosmosNotificationStorageTests(CosmosEmulatorFixture fixture) : NotificationStorageContract, IClassFixture<CosmosEmulatorFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}

/// <summary>The SQL the adapter sends (filters, ORDER BY with id, paging, cross-partition) run by the real SDK: the patched
/// emulator answers the SDK's query-plan request (tests/emulators/patches).</summary>
[AdapterUnderTest(typeof(CosmosDocumentStore))]
public sealed class CosmosDocumentQueryTests(CosmosEmulatorFixture fixture) : DocumentQueryContract, IClassFixture<CosmosEmulatorFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}
