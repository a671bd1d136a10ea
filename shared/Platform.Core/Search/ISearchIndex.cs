using System.Text.Json.Serialization;

namespace Platform.Core.Search;

/// <summary>
/// The full-text index behind note search: what readers can find. It holds only notes others may see; the indexer
/// (<see cref="NoteIndexer"/>) removes a note as soon as it is hidden, deleted or held. Both adapters (Lucene.NET embedded,
/// Azure AI Search) pass the same contract suite.
/// </summary>
/// <remarks>
/// Writes are idempotent and visible to <see cref="SearchAsync"/> within a second (the embedded index immediately).
/// </remarks>
public interface ISearchIndex
{
    /// <summary>
    /// Adds or replaces documents by id. A document whose <see cref="NoteSearchDocument.Engagement"/> is null keeps the
    /// counters the index already has for it (zero for a new document), so a note edit does not reset its ranking.
    /// </summary>
    Task UpsertAsync(IReadOnlyCollection<NoteSearchDocument> documents, CancellationToken cancellationToken);

    /// <summary>Removes documents by note id; ids not in the index are ignored.</summary>
    Task DeleteAsync(IReadOnlyCollection<string> noteIds, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the engagement counters (the ranking fields) of documents already in the index, leaving their text alone.
    /// Ids not in the index are ignored: a counter must never bring back a note that was removed.
    /// </summary>
    Task UpdateEngagementAsync(IReadOnlyCollection<EngagementUpdate> updates, CancellationToken cancellationToken);

    /// <summary>One page of matching notes, with highlights and topic facets over every match.</summary>
    Task<SearchResult> SearchAsync(NoteSearchQuery query, CancellationToken cancellationToken);

    /// <summary>Note titles that complete what the reader has typed so far (as text or as pinyin), most popular first.</summary>
    Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken);
}

/// <summary>New absolute counters for one note (absolute, not deltas, so applying one twice is harmless).</summary>
public sealed record EngagementUpdate(string NoteId, EngagementCounts Counts);

public enum SearchSort
{
    /// <summary>Text relevance blended with engagement and freshness (see <see cref="SearchRanking"/>).</summary>
    Relevance,

    /// <summary>Newest first.</summary>
    Latest,

    /// <summary>Highest smoothed engagement rate first (<see cref="SearchRanking.EngagementRate"/>: likes, collects and comments
    /// per view with a prior), then newest.</summary>
    Popular,
}

/// <summary>A parsed search: every term must match (in title, body or topics) and the note must carry every topic.</summary>
public sealed record NoteSearchQuery
{
    /// <summary>What the reader typed, split on whitespace; each term is analysed by the engine. Empty matches every note.</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];

    /// <summary>Topic keys (<see cref="SearchText.TopicKey"/>) the note must all carry.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    public SearchSort Sort { get; init; } = SearchSort.Relevance;

    public int Skip { get; init; }

    public int Size { get; init; } = 20;

    public bool IncludeHighlights { get; init; } = true;

    /// <summary>How many topic facets to return (most frequent first); 0 for none.</summary>
    public int FacetCount { get; init; } = 10;
}

/// <param name="Total">How many notes match in all.</param>
/// <param name="Topics">The most frequent topics among all matches, with their counts.</param>
/// <param name="DidYouMean">The query with a misspelt Latin-script word corrected, when the query found few notes and a
/// close word is in the index ("lancme 面霜" → "lancome 面霜"); null otherwise (see <see cref="Spelling"/>).</param>
public sealed record SearchResult(long Total, IReadOnlyList<SearchHit> Hits, IReadOnlyList<TopicFacet> Topics, string? DidYouMean = null);

/// <summary>One matching note as a result card shows it.</summary>
/// <param name="Highlights">Where the terms matched; null when highlights were not asked for.</param>
public sealed record SearchHit(
    string Id,
    string AuthorId,
    string Title,
    IReadOnlyList<string> Topics,
    bool Sponsored,
    DateTimeOffset CreatedAt,
    EngagementCounts Engagement,
    double Score,
    SearchHighlights? Highlights,
    SearchMatch Match = SearchMatch.Exact);

/// <summary>How a hit matched the query's words.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SearchMatch>))]
public enum SearchMatch
{
    /// <summary>Every word of the query.</summary>
    Exact,

    /// <summary>Every word of the query, some of them only through a synonym from the maintained list (ranked below exact).</summary>
    Synonym,

    /// <summary>Latin letters of the query read as pinyin (full or initials) of a title or topic (ranked below exact and synonym).</summary>
    Pinyin,

    /// <summary>Some of the words: shown below the exact matches when those are too few (see <see cref="RelaxedMatching"/>).</summary>
    Partial,
}

/// <summary>
/// Fragments of the title and body with matched words in <c>&lt;em&gt;…&lt;/em&gt;</c>. Everything else in a fragment is
/// HTML-escaped, so a client may render it as HTML. A field is null when nothing in it matched.
/// </summary>
public sealed record SearchHighlights(string? Title, string? Body);

/// <summary>A topic key and how many matching notes carry it.</summary>
public sealed record TopicFacet(string Topic, long Count);

/// <summary>A completion for what the reader is typing: a note title and the note it belongs to, or a popular query.</summary>
/// <param name="NoteId">The note whose title this is; null for a popular query.</param>
public sealed record Suggestion(string Text, string? NoteId, SuggestionKind Kind = SuggestionKind.Title);

[JsonConverter(typeof(JsonStringEnumConverter<SuggestionKind>))]
public enum SuggestionKind
{
    /// <summary>A note's title.</summary>
    Title,

    /// <summary>What many readers searched recently (from the search log, never a term the integrity rules ban).</summary>
    Query,
}
