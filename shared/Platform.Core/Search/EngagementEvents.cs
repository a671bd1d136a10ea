using Platform.Core.Messaging;

namespace Platform.Core.Search;

/// <summary>
/// The event that moves a note's ranking: its engagement counters changed. Whoever counts likes, collects, comments and shares
/// sends it on the <see cref="Destinations.Events"/> topic (session id = note id). Counters are absolute, so a duplicate or a
/// replay does no harm; the search indexer applies them in batches.
/// </summary>
public static class EngagementEvents
{
    public const string Changed = "note.engagement_changed";

    public static OutgoingMessage For(string noteId, EngagementCounts counts, DateTimeOffset asOf, long impressions = 0, long productClicks = 0) =>
        OutgoingMessage.Create(Destinations.Events, Changed,
            new NoteEngagementChanged(noteId, counts.Likes, counts.Collects, counts.Comments, counts.Shares, asOf, counts.Views, impressions, productClicks),
            sessionId: noteId, correlationId: noteId, createdAt: asOf);
}

/// <summary>Body of <see cref="EngagementEvents.Changed"/>: the counters as of <paramref name="AsOf"/>, with what readers did
/// (views, impressions, product clicks; counted from <c>reader.activity</c>).</summary>
public sealed record NoteEngagementChanged(
    string NoteId, long Likes, long Collects, long Comments, long Shares, DateTimeOffset AsOf, long Views = 0, long Impressions = 0, long ProductClicks = 0)
{
    public EngagementCounts Counts => new(Likes, Collects, Comments, Shares, Views);
}
