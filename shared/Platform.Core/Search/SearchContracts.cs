namespace Platform.Core.Search;

/// <summary>Query of <c>GET /api/search/notes?q=&amp;topic=&amp;sort=&amp;pageSize=&amp;continuation=</c>.</summary>
public sealed record SearchNotesRequest(string? Q, string? Topic = null, string? Sort = null, int? PageSize = null, string? Continuation = null);

/// <summary>One page of search results; pass <see cref="Continuation"/> back for the next.</summary>
/// <param name="Total">How many notes match in all (pages stop at the result window, see <c>Platform:Search:MaxResultWindow</c>).</param>
/// <param name="Topics">Topic facets over every match: refine the search by one with <c>topic=</c>.</param>
/// <param name="DidYouMean">A corrected query when a Latin-script word looks misspelt and the search found few notes.</param>
public sealed record SearchNotesResponse(
    long Total, IReadOnlyList<SearchHit> Items, IReadOnlyList<TopicFacet> Topics, string? Continuation, string? DidYouMean = null);

/// <summary>Answer of <c>GET /api/search/suggest?q=</c>.</summary>
public sealed record SuggestResponse(IReadOnlyList<Suggestion> Items);
