namespace Platform.Core.Studio.Analytics;

/// <summary>
/// One note's numbers (<c>contentMetrics</c>, partitioned by note id), and what it last contributed to the aggregates,
/// so each change moves the aggregates by the difference only.
/// </summary>
public sealed record NoteMetrics
{
    /// <summary>How many recent event ids are remembered to drop redeliveries.</summary>
    public const int RememberedEvents = 256;

    public required string NoteId { get; init; }

    public NoteSnapshot? Note { get; init; }

    public bool Removed { get; init; }

    /// <summary>How often the note's card was on screen (the top of the funnel).</summary>
    public long Impressions { get; init; }

    public long Views { get; init; }

    public long Likes { get; init; }

    public long Collects { get; init; }

    public long Comments { get; init; }

    public long Shares { get; init; }

    public long ProductClicks { get; init; }

    public long Orders { get; init; }

    public decimal Revenue { get; init; }

    public IReadOnlyList<string> RecentEventIds { get; init; } = [];

    /// <summary>What the aggregates hold for this note now; null when it is in none.</summary>
    public NoteContribution? Applied { get; init; }

    public long Engagements => Likes + Collects + Comments + Shares;

    /// <summary>Likes, collects, comments and shares per view.</summary>
    public double EngagementRate => Views == 0 ? 0 : (double)Engagements / Views;

    public bool HasSeen(string eventId) => RecentEventIds.Contains(eventId, StringComparer.Ordinal);

    /// <summary>The metrics after <paramref name="e"/> (counters never go below zero).</summary>
    public NoteMetrics Apply(ContentEvent e)
    {
        var next = e.Kind switch
        {
            ContentEventKind.NotePublished or ContentEventKind.NoteChanged => this with { Note = e.Note ?? Note, Removed = false },
            // The text of a note others cannot see does not stay here (an erased account's titles included); its brands do,
            // for access to its history. If it becomes visible again, that event brings a new snapshot.
            ContentEventKind.NoteRemoved => this with { Removed = true, Note = Note is null ? null : Note with { Title = "" } },
            ContentEventKind.View => this with { Views = Add(Views, e.Delta) },
            ContentEventKind.Like => this with { Likes = Add(Likes, e.Delta) },
            ContentEventKind.Collect => this with { Collects = Add(Collects, e.Delta) },
            ContentEventKind.Comment => this with { Comments = Add(Comments, e.Delta) },
            ContentEventKind.Share => this with { Shares = Add(Shares, e.Delta) },
            ContentEventKind.ProductClick => this with { ProductClicks = Add(ProductClicks, e.Delta) },
            ContentEventKind.Order => this with { Orders = Add(Orders, e.Delta), Revenue = Math.Max(0, Revenue + e.Revenue) },
            ContentEventKind.Totals when e.Totals is { } t => this with
            {
                Views = t.Views ?? Views,
                Likes = t.Likes ?? Likes,
                Collects = t.Collects ?? Collects,
                Comments = t.Comments ?? Comments,
                Shares = t.Shares ?? Shares,
                Impressions = t.Impressions ?? Impressions,
                ProductClicks = t.ProductClicks ?? ProductClicks,
            },
            _ => this,
        };
        return next with { RecentEventIds = [.. RecentEventIds.TakeLast(RememberedEvents - 1), e.EventId] };
    }

    /// <summary>What this note should contribute now: nothing until it is published, nothing once removed.</summary>
    public NoteContribution? Contribution() => Note is null || Removed
        ? null
        : new NoteContribution(Note.Scopes(), Note.Features(), Views, Engagements, ProductClicks, Orders, Revenue, Math.Round(EngagementRate, 6),
            Impressions, Likes, Collects, Comments, Shares);

    private static long Add(long value, int delta) => Math.Max(0, value + delta);
}

/// <summary>A note's share of the aggregates: in which scopes, under which features, with which totals.</summary>
public sealed record NoteContribution(
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> Features,
    long Views,
    long Engagements,
    long ProductClicks,
    long Orders,
    decimal Revenue,
    double EngagementRate,
    long Impressions = 0,
    long Likes = 0,
    long Collects = 0,
    long Comments = 0,
    long Shares = 0)
{
    public bool SameAs(NoteContribution? other) =>
        other is not null && Views == other.Views && Engagements == other.Engagements && ProductClicks == other.ProductClicks
        && Impressions == other.Impressions && Likes == other.Likes && Collects == other.Collects && Comments == other.Comments && Shares == other.Shares
        && Orders == other.Orders && Revenue == other.Revenue && Scopes.SequenceEqual(other.Scopes) && Features.SequenceEqual(other.Features);
}
