using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Search;
using Platform.Functions.Http;

namespace Platform.Functions.Search;

/// <summary>The search API: anyone may search; results hold only notes everyone may see.</summary>
public sealed class SearchFunctions(SearchService search)
{
    [Function(nameof(SearchNotes))]
    public async Task<Ok<SearchNotesResponse>> SearchNotes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search/notes")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = new SearchNotesRequest(
            request.Query["q"], request.Query["topic"], request.Query["sort"], request.QueryInt("pageSize"), request.Query["continuation"]);
        return TypedResults.Ok(await search.SearchNotesAsync(query, cancellationToken));
    }

    [Function(nameof(SuggestNotes))]
    public async Task<Ok<SuggestResponse>> SuggestNotes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search/suggest")] HttpRequest request,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await search.SuggestAsync(request.Query["q"], cancellationToken));
}
