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

    /// <summary>Which messages each handler has completed (de-duplication), partitioned by message id: every check is a point
    /// read and writes spread evenly. The id is the subscription (<c>events~search</c>). Give the container a TTL (7 days).</summary>
    public const string ProcessedMessages = "processed-messages";

    /// <summary>The outbox relay's change-feed checkpoint per outbox collection, partitioned (and keyed) by that collection's name.</summary>
    public const string OutboxCheckpoints = "outbox-checkpoints";

    /// <summary>Brand studio draft suggestions, partitioned by brand id: a brand reads and lists only its own, and a
    /// suggestion (with its drafts) is one document, read and edited with point operations.</summary>
    public const string Suggestions = "suggestions";

    /// <summary>Per-brand daily studio usage counters (requests, tokens, cost), partitioned by brand id; id is the UTC day.</summary>
    public const string StudioUsage = "studio-usage";

    /// <summary>Per-note content metrics (views, engagement, orders, revenue), partitioned by note id: every event is about one note.</summary>
    public const string ContentMetrics = "content-metrics";

    /// <summary>Content analytics aggregates, partitioned by scope key ("all", "topic:x", "brand:y"): one document per scope,
    /// read with a point read when insights are asked for.</summary>
    public const string ContentAggregates = "content-aggregates";

    /// <summary>All collection names, for provisioning and the infrastructure parity test.</summary>
    public static IReadOnlyList<string> All { get; } = [Notes, ProcessedMessages, OutboxCheckpoints, Suggestions, StudioUsage, ContentMetrics, ContentAggregates];
}
