using System.Text.Json.Serialization;

namespace Platform.Core.Studio.Analytics;

/// <summary>
/// Something that happened to a note which the content analytics count: published or changed (with what the note
/// looks like now), removed, viewed, engaged with, a product clicked, an order attributed. Published by the notes,
/// community and commerce features on the message bus; <see cref="ContentAnalyticsHandler"/> consumes them.
/// </summary>
public sealed record ContentEvent
{
    /// <summary>Unique per event: redelivered events are recognised by it and counted once.</summary>
    public required string EventId { get; init; }

    public required string NoteId { get; init; }

    public required ContentEventKind Kind { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>For counters: +1, -1 (an unlike, a refund), or n for batched views.</summary>
    public int Delta { get; init; } = 1;

    /// <summary>For <see cref="ContentEventKind.Order"/>: the revenue attributed to the note (negative for a refund).</summary>
    public decimal Revenue { get; init; }

    /// <summary>For <see cref="ContentEventKind.NotePublished"/> and <see cref="ContentEventKind.NoteChanged"/>.</summary>
    public NoteSnapshot? Note { get; init; }

    /// <summary>
    /// For <see cref="ContentEventKind.Totals"/>: counters as they now stand (null leaves one as it is). Lets a source that
    /// keeps its own counts (the community counters, read from their change feed) feed the analytics without deltas.
    /// </summary>
    public EngagementTotals? Totals { get; init; }
}

/// <summary>Absolute engagement counts of a note; null means "not known by this source".</summary>
public sealed record EngagementTotals(
    long? Views = null, long? Likes = null, long? Collects = null, long? Comments = null, long? Shares = null, long? Impressions = null, long? ProductClicks = null);

[JsonConverter(typeof(JsonStringEnumConverter<ContentEventKind>))]
public enum ContentEventKind
{
    NotePublished,
    NoteChanged,

    /// <summary>Deleted, hidden or rejected: its numbers leave the aggregates.</summary>
    NoteRemoved,
    View,
    Like,
    Collect,
    Comment,
    Share,
    ProductClick,

    /// <summary>An order attributed to the note was paid (Delta +1) or refunded (Delta -1).</summary>
    Order,

    /// <summary>Counters as they now stand (<see cref="ContentEvent.Totals"/>).</summary>
    Totals,
}

/// <summary>What the analytics need to know about a note's content; no author.</summary>
public sealed record NoteSnapshot(
    string Title,
    IReadOnlyList<string> Topics,
    int ImageCount,
    bool HasVideo,
    bool Sponsored,
    IReadOnlyList<string> BrandIds,
    DateTimeOffset PublishedAt)
{
    public IReadOnlyList<string> Features() => NoteFeatures.Of(Title, Topics, ImageCount, HasVideo, Sponsored, PublishedAt);

    /// <summary>The aggregates this note counts in: everything, each of its topics, each brand it is for or tags.</summary>
    public IReadOnlyList<string> Scopes() =>
        [
            ContentScopes.All,
            .. Topics.Select(ContentScopes.Topic).Distinct(StringComparer.Ordinal),
            .. BrandIds.Select(ContentScopes.Brand).Distinct(StringComparer.Ordinal),
        ];
}

public static class ContentScopes
{
    public const string All = "all";

    public static string Topic(string topic) => NoteFeatures.Topic(topic);

    public static string Brand(string brandId) => "brand:" + brandId;
}
