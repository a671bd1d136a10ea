using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Core.Messaging;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Storage;
using Platform.Azure.Storage;

namespace Platform.Tests.Infra;

/// <summary>Cosmos DB containers in the compiled template against the code: names, partition key, and the indexes queries need.</summary>
public sealed class CosmosContainersTests
{
    private static ArmDeployment Cosmos => InfraBuild.Instance.Main.Module("cosmos");

    [Fact]
    public void Every_collection_in_the_code_is_a_container_partitioned_on_the_envelope_key()
    {
        var container = ContainerResource();

        // One container per entry of the list main.bicep passes, named after the entry.
        Assert.Equal("[length(parameters('containers'))]", container.Json["copy"]!["count"]!.GetValue<string>());
        Assert.Equal("[parameters('containers')[copyIndex()].name]", container.Text("resource.id"));
        Assert.Equal(CosmosContainers.All.Order(), Declared().Keys.Order());

        // The document store writes the partition key value into this property of every document.
        Assert.Equal($"[\"/{DocumentEnvelope.PartitionKeyProperty}\"]", container.Text("resource.partitionKey.paths"));
        Assert.Equal("Hash", container.Text("resource.partitionKey.kind"));
    }

    [Fact]
    public void Containers_index_only_what_is_queried()
    {
        var container = ContainerResource();
        var excluded = container.Property("resource.indexingPolicy.excludedPaths")!.AsArray().Select(p => p!["path"]!.GetValue<string>());
        Assert.Contains("/*", excluded);
        Assert.Equal("consistent", container.Text("resource.indexingPolicy.indexingMode"));

        foreach (var (name, entry) in Declared())
        {
            var paths = entry["indexedPaths"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
            Assert.DoesNotContain("/*", paths);
            Assert.All(paths, p => Assert.EndsWith("/?", p));
            Assert.True(paths.Count > 0 || entry["compositeIndexes"] is null, $"{name}: composite indexes but no indexed paths.");
        }
    }

    [Fact]
    public async Task The_notes_listing_query_is_served_by_the_declared_indexes()
    {
        // Capture the queries NoteService really sends: the author's own view and everyone else's.
        var store = new QueryRecorder();
        var notes = new NoteService(
            store, [], Options.Create(new NoteLimitsOptions()), new Outbox(store, new UnusedBus(), NullLogger<Outbox>.Instance), TimeProvider.System);
        var author = Ids.New();
        await notes.ListByAuthorAsync(author, new Caller(author, null, new HashSet<string>(), new HashSet<string>()), null, null, default);
        await notes.ListByAuthorAsync(author, null, null, null, default);
        Assert.Equal(2, store.Queries.Count);

        var entry = Declared()[Collections.Notes];
        var indexed = entry["indexedPaths"]!.AsArray().Select(p => p!.GetValue<string>()).ToHashSet();
        var composites = (entry["compositeIndexes"]?.AsArray() ?? [])
            .Select(c => string.Join(",", c!.AsArray().Select(p => $"{p!["path"]}:{p["order"]}")))
            .ToHashSet();

        foreach (var (collection, query) in store.Queries)
        {
            Assert.Equal(Collections.Notes, collection);
            foreach (var filter in query.Where)
            {
                Assert.Contains($"/{filter.Field}/?", indexed);
            }

            // ORDER BY <field>, id in one direction needs a composite index on both, in that direction or its exact reverse.
            string Composite(bool descending) => descending
                ? $"/{query.OrderBy}:descending,/id:descending"
                : $"/{query.OrderBy}:ascending,/id:ascending";
            Assert.True(
                composites.Contains(Composite(query.Descending)) || composites.Contains(Composite(!query.Descending)),
                $"No composite index for ORDER BY {query.OrderBy}, id ({(query.Descending ? "DESC" : "ASC")}): {string.Join(" | ", composites)}");
        }
    }

    [Fact]
    public void Serverless_or_autoscale_is_chosen_by_a_parameter()
    {
        var account = Assert.Single(Cosmos.OfType("Microsoft.DocumentDB/databaseAccounts"));
        Assert.Contains("EnableServerless", account.Text("capabilities"), StringComparison.Ordinal);
        var database = Assert.Single(Cosmos.OfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases"));
        Assert.Contains("autoscaleSettings", database.Text("options"), StringComparison.Ordinal);

        Assert.Equal(["Autoscale", "Serverless"], Cosmos.Parameters["capacityMode"]!["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()).Order());
    }

    [Fact]
    public void No_capacity_mode_puts_more_containers_in_a_shared_throughput_database_than_Cosmos_allows()
    {
        // Cosmos DB: at most 25 containers in a database whose throughput is shared (provisioned at database level).
        const int sharedThroughputLimit = 25;
        var database = Assert.Single(Cosmos.OfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases"));
        var databaseOptions = database.Text("options");
        var container = ContainerResource();
        Assert.Null(container.Property("options"));   // no container takes dedicated throughput: every one shares the database's
        var modes = Cosmos.Parameters["capacityMode"]!["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();

        var checkedModes = 0;
        foreach (var mode in modes)
        {
            // The database takes throughput (autoscale or manual) exactly in the modes its options expression names.
            var sharesThroughput = databaseOptions.Contains($"equals(parameters('capacityMode'), '{mode}')", StringComparison.Ordinal)
                && databaseOptions.Contains("Throughput", StringComparison.OrdinalIgnoreCase);
            if (!sharesThroughput)
            {
                continue;
            }

            checkedModes++;
            Assert.True(Declared().Count <= sharedThroughputLimit,
                $"{mode}: {Declared().Count} containers share the database's throughput; Cosmos DB allows {sharedThroughputLimit}. " +
                "Add a keyed-only collection to Collections.KeyedOnly or give a container dedicated throughput.");
        }

        Assert.True(checkedModes > 0, $"No capacity mode with shared throughput found in: {databaseOptions}");
        Assert.Contains(CosmosContainers.Keyed, Declared().Keys);
    }

    private static ArmResource ContainerResource() =>
        Assert.Single(Cosmos.OfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers"));

    /// <summary>The container list main.bicep passes to the module, by name.</summary>
    private static Dictionary<string, JsonObject> Declared() =>
        Cosmos.Parent!.Resolve(Cosmos.Passed("containers"))!.AsArray()
            .Select(c => c!.AsObject())
            .ToDictionary(c => c["name"]!.GetValue<string>());

    private sealed class UnusedBus : IMessageBus
    {
        public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class QueryRecorder : IDocumentStore
    {
        public List<(string Collection, DocumentQuery Query)> Queries { get; } = [];

        public Task<DocumentPage<T>> QueryAsync<T>(string collection, DocumentQuery query, CancellationToken cancellationToken)
        {
            Queries.Add((collection, query));
            return Task.FromResult(new DocumentPage<T>([], null));
        }

        public Task<StoredDocument<T>?> FindAsync<T>(string collection, string partitionKey, string id, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<string> CreateAsync<T>(string collection, string partitionKey, string id, T document, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<string> ReplaceAsync<T>(
            string collection, string partitionKey, string id, T document, string ifMatch, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<string> UpsertAsync<T>(string collection, string partitionKey, string id, T document, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<bool> DeleteAsync(string collection, string partitionKey, string id, string? ifMatch, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<DocumentChangePage<T>> ReadChangesAsync<T>(string collection, string? checkpoint, int maxItems, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
