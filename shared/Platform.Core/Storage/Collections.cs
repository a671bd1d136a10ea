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

    /// <summary>Media records (uploads and what processing made of them), partitioned by media id: every access is by id
    /// (the upload's blob name carries it, a note lists media ids, the API reads one item), so all are point reads and
    /// each partition holds one small document.</summary>
    public const string Media = "media";

    /// <summary>The perceptual-hash index that spots re-uploads of someone else's image, partitioned by hash band
    /// (<c>b{index}-{16 bits as hex}</c>): a lookup reads four known partitions instead of querying every media record,
    /// and a near-identical image (a few bits apart) shares at least one band with the original.</summary>
    public const string MediaHashes = "mediaHashes";

    /// <summary>All collection names, for provisioning and the infrastructure parity test.</summary>
    public static IReadOnlyList<string> All { get; } = [Notes, Media, MediaHashes];
}
