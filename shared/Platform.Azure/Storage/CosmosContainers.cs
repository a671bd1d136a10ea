using Platform.Core.Storage;

namespace Platform.Azure.Storage;

/// <summary>
/// Which Cosmos DB container holds each collection. A database with shared (autoscale) throughput holds at most 25
/// containers, so the collections read only by key (<see cref="Collections.KeyedOnly"/>) share <see cref="Keyed"/>; their
/// partition key values are prefixed with the collection name, which keeps each collection's documents apart (an id is
/// unique per partition key value) and tells them apart in the container. infra/main.bicep declares exactly <see cref="All"/>.
/// </summary>
public static class CosmosContainers
{
    /// <summary>The container shared by the keyed-only collections: point reads and writes only, nothing indexed.</summary>
    public const string Keyed = "keyed";

    /// <summary>Every container the app uses, for provisioning and the infrastructure parity test.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. Collections.All.Where(c => !Collections.KeyedOnly.Contains(c)), Keyed];

    public static string NameOf(string collection) => Collections.KeyedOnly.Contains(collection) ? Keyed : collection;

    /// <summary>The <c>/pk</c> value stored for a document of <paramref name="collection"/>.</summary>
    public static string PartitionKeyOf(string collection, string partitionKey) =>
        Collections.KeyedOnly.Contains(collection) ? $"{collection}|{partitionKey}" : partitionKey;
}
