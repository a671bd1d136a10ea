using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Search;
using Platform.Functions.Http;

namespace Platform.Functions.Search;

/// <summary>The search API: anyone may search; results hold only notes everyone may see.</summary>
public sealed class SearchFunctions(SearchService search, SearchLog log, TrendingSearches trending)
{
    [Function(nameof(SearchNotes))]
    public async Task<Ok<SearchNotesResponse>> SearchNotes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search/notes")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = new SearchNotesRequest(
            request.Query["q"], request.Query["topic"], request.Query["sort"], request.QueryInt("pageSize"), request.Query["continuation"]);
        var results = await search.SearchNotesAsync(query, cancellationToken);
        if (string.IsNullOrEmpty(query.Continuation))
        {
            // The first page only (paging on is not another search), and the query text only: who searched is not logged.
            log.Record(query.Q, SearchOutcome.Of(results));
        }

        return TypedResults.Ok(results);
    }

    [Function(nameof(TrendingQueries))]
    public async Task<Ok<TrendingSearchesResponse>> TrendingQueries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search/trending")] HttpRequest request,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await trending.GetAsync(request.QueryInt("count"), cancellationToken));

    [Function(nameof(SuggestNotes))]
    public async Task<Ok<SuggestResponse>> SuggestNotes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search/suggest")] HttpRequest request,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await search.SuggestAsync(request.Query["q"], cancellationToken));
}
