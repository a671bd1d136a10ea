using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Identity;
using Platform.Core.Studio;
using Platform.Functions.Http;

namespace Platform.Functions.Studio;

/// <summary>Draft suggestions for brand members: request (202, drafted from the queue), poll, edit, discard, hand off.</summary>
public sealed class SuggestionFunctions(SuggestionService suggestions)
{
    [Function(nameof(RequestSuggestions))]
    public async Task<Accepted<SuggestionAccepted>> RequestSuggestions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "brands/{brandId}/suggestions")] HttpRequest request,
        string brandId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<CreateSuggestionRequest>(cancellationToken);
        var created = await suggestions.RequestAsync(caller, brandId, body, cancellationToken);
        var statusUrl = $"/api/brands/{brandId}/suggestions/{created.Value.Id}";
        request.HttpContext.Response.SetETag(created.ETag);
        return TypedResults.Accepted(statusUrl, new SuggestionAccepted(created.Value.Id, created.Value.Status, statusUrl));
    }

    [Function(nameof(GetSuggestion))]
    public async Task<Ok<SuggestionResponse>> GetSuggestion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/suggestions/{suggestionId}")] HttpRequest request,
        string brandId,
        string suggestionId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var found = await suggestions.GetAsync(caller, brandId, suggestionId, cancellationToken);
        if (found.Value.Status is SuggestionStatus.Queued or SuggestionStatus.Running)
        {
            request.HttpContext.Response.Headers.RetryAfter = "2";
        }

        request.HttpContext.Response.SetETag(found.ETag);
        return TypedResults.Ok(SuggestionResponse.From(found.Value, found.ETag));
    }

    [Function(nameof(ListSuggestions))]
    public async Task<Ok<SuggestionPage>> ListSuggestions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/suggestions")] HttpRequest request,
        string brandId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await suggestions.ListAsync(caller, brandId, request.QueryInt("pageSize"), request.Query["continuation"], cancellationToken));
    }

    [Function(nameof(EditDraft))]
    public async Task<Ok<SuggestionResponse>> EditDraft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "brands/{brandId}/suggestions/{suggestionId}/drafts/{draftId}")] HttpRequest request,
        string brandId,
        string suggestionId,
        string draftId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<UpdateDraftRequest>(cancellationToken);
        var updated = await suggestions.EditDraftAsync(caller, brandId, suggestionId, draftId, request.IfMatch(), body, cancellationToken);
        return Answer(request, updated.Value, updated.ETag);
    }

    [Function(nameof(DiscardDraft))]
    public async Task<Ok<SuggestionResponse>> DiscardDraft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "brands/{brandId}/suggestions/{suggestionId}/drafts/{draftId}")] HttpRequest request,
        string brandId,
        string suggestionId,
        string draftId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var updated = await suggestions.DiscardDraftAsync(caller, brandId, suggestionId, draftId, request.IfMatch(), cancellationToken);
        return Answer(request, updated.Value, updated.ETag);
    }

    [Function(nameof(HandOffDraft))]
    public async Task<Ok<SuggestionResponse>> HandOffDraft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "brands/{brandId}/suggestions/{suggestionId}/drafts/{draftId}/handoff")] HttpRequest request,
        string brandId,
        string suggestionId,
        string draftId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<HandOffDraftRequest>(cancellationToken);
        var updated = await suggestions.HandOffDraftAsync(caller, brandId, suggestionId, draftId, request.IfMatch(), body, cancellationToken);
        return Answer(request, updated.Value, updated.ETag);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<SuggestionResponse> Answer(HttpRequest request, Suggestion suggestion, string etag)
    {
        request.HttpContext.Response.SetETag(etag);
        return TypedResults.Ok(SuggestionResponse.From(suggestion, etag));
    }
}
