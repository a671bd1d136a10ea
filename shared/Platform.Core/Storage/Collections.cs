namespace Platform.Core.Storage;

/// <summary>
/// Every collection the application uses. In Cosmos DB each is a container partitioned on <c>/pk</c>;
/// the comment on each says what its partition key value is and why.
/// </summary>
public static class Collections
{
    /// <summary>Notes, partitioned by note id: the hot path is reading one note (a point read), and writes spread evenly.
    /// Listing one author's notes is a query on <c>authorId</c>, answered from the index.</summary>
    public const string Notes = "notes";

    /// <summary>All collection names, for provisioning and the infrastructure parity test.</summary>
    public static IReadOnlyList<string> All { get; } = [Notes];
}
