using Platform.Core.Notes;

namespace Platform.Core.Search;

/// <summary>What the search index keeps about a note: its text, topics, and the engagement that ranks it.</summary>
public sealed record NoteSearchDocument
{
    public required string Id { get; init; }

    public required string AuthorId { get; init; }

    public required string Title { get; init; }

    public required string Body { get; init; }

    /// <summary>Topics as the author wrote them (for display); filters and facets use <see cref="TopicKeys"/>.</summary>
    public required IReadOnlyList<string> Topics { get; init; }

    public bool Sponsored { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Null keeps the counters the index has (see <see cref="ISearchIndex.UpsertAsync"/>).</summary>
    public EngagementCounts? Engagement { get; init; }

    /// <summary>Topics folded to one key each, so #OOTD and #ootd filter and count as one topic.</summary>
    public IReadOnlyList<string> TopicKeys => Topics.Select(SearchText.TopicKey).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The document for a note, or null when the note must not be findable (hidden, held, rejected or deleted).</summary>
    public static NoteSearchDocument? From(Note note, EngagementCounts? engagement = null) => note.IsVisibleToOthers
        ? new NoteSearchDocument
        {
            Id = note.Id,
            AuthorId = note.AuthorId,
            Title = note.Title,
            Body = note.Body,
            Topics = note.Topics,
            Sponsored = note.Sponsored,
            CreatedAt = note.CreatedAt,
            Engagement = engagement,
        }
        : null;
}

/// <summary>How readers engaged with a note. Counters are absolute, never negative.</summary>
public sealed record EngagementCounts(long Likes = 0, long Collects = 0, long Comments = 0, long Shares = 0, long Views = 0)
{
    public static EngagementCounts Zero { get; } = new();

    /// <summary>
    /// One number for "how much people engaged": a collect, comment or share shows more intent than a like, so each counts
    /// more. Sorting by <see cref="SearchSort.Popular"/> and the relevance boost both use it.
    /// </summary>
    public long Popularity => Likes + (2 * Collects) + (3 * Comments) + (4 * Shares);

    /// <summary>
    /// Engagement per view, smoothed towards <paramref name="priorRate"/> as if every note had <paramref name="priorViews"/>
    /// extra views at that rate: <c>(likes + collects + comments + priorViews × priorRate) / (views + priorViews)</c>. A note with
    /// 2 views and 2 likes stays near the prior; one with 10,000 views and 1,500 likes earns its 15%.
    /// <see cref="SearchSort.Popular"/> sorts by it.
    /// </summary>
    public double SmoothedEngagementRate(double priorViews, double priorRate) =>
        (Likes + Collects + Comments + (priorViews * priorRate)) / (Views + priorViews);
}
