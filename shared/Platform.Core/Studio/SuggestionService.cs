using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Integrity;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Studio;

/// <summary>
/// Draft suggestions for brand members: accept a brief (quota, validation, queue), read the result, and edit, discard
/// or hand off drafts. The drafting itself runs in <see cref="SuggestionWorker"/>, from the queue.
/// </summary>
public sealed class SuggestionService(
    IDocumentStore store,
    Outbox outbox,
    StudioQuota quota,
    IStudioProductFacts products,
    IStudioInsights insights,
    DraftPostProcessor postProcessor,
    EngagementPredictor predictor,
    IOptions<NoteLimitsOptions> limits,
    PartnershipService partnerships,
    TimeProvider clock)
{
    public async Task<StoredDocument<Suggestion>> RequestAsync(Caller caller, string brandId, CreateSuggestionRequest request, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        var brief = request.ToBrief();
        var known = await products.GetAsync(brandId, brief.ProductIds, cancellationToken);
        var unknown = brief.ProductIds.Except(known.Select(p => p.ProductId), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw PlatformException.Invalid("productIds", "studio.unknown_product", $"Not products of this brand: {string.Join(", ", unknown)}.");
        }

        await quota.ConsumeRequestAsync(brandId, cancellationToken);
        var now = clock.GetUtcNow();
        var suggestion = new Suggestion
        {
            Id = Ids.New(),
            BrandId = brandId,
            RequestedBy = caller.UserId,
            Brief = brief,
            CreatedAt = now,
            UpdatedAt = now,
        };
        suggestion = suggestion with { PendingEvents = [SuggestionMessages.For(new SuggestionJob(brandId, suggestion.Id), now)] };
        var etag = await store.CreateAsync(Collections.Suggestions, brandId, suggestion.Id, suggestion, cancellationToken);
        return await outbox.FlushAsync(Collections.Suggestions, brandId, suggestion.Id, new StoredDocument<Suggestion>(suggestion, etag), cancellationToken);
    }

    public async Task<StoredDocument<Suggestion>> GetAsync(Caller caller, string brandId, string suggestionId, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        var found = Ids.IsWellFormed(suggestionId)
            ? await store.FindAsync<Suggestion>(Collections.Suggestions, brandId, suggestionId, cancellationToken)
            : null;
        return found ?? throw PlatformException.NotFound("studio.suggestion_not_found", $"Suggestion '{suggestionId}' does not exist.");
    }

    public async Task<SuggestionPage> ListAsync(Caller caller, string brandId, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        try
        {
            var page = await store.QueryAsync<Suggestion>(Collections.Suggestions, new DocumentQuery
            {
                PartitionKey = brandId,
                Where = [new("brandId", brandId)],
                OrderBy = "createdAt",
                Descending = true,
                Limit = Math.Clamp(pageSize ?? 20, 1, limits.Value.MaxPageSize),
                Continuation = continuation,
            }, cancellationToken);
            return new SuggestionPage(page.Items.Select(d => SuggestionResponse.From(d.Value, d.ETag)).ToList(), page.Continuation);
        }
        catch (InvalidContinuationException)
        {
            throw PlatformException.Invalid("continuation", "request.invalid_continuation", "The continuation token is not valid.");
        }
    }

    /// <summary>Edits a draft; the edit is checked, labelled and scored again like a generated draft.</summary>
    public Task<StoredDocument<Suggestion>> EditDraftAsync(
        Caller caller, string brandId, string suggestionId, string draftId, string? ifMatch, UpdateDraftRequest request, CancellationToken cancellationToken) =>
        ChangeDraftAsync(caller, brandId, suggestionId, draftId, ifMatch, requireIfMatch: true, async (suggestion, draft) =>
        {
            var generated = new GeneratedDraft(
                request.Title ?? draft.Title,
                request.Body ?? draft.Body,
                request.Topics ?? draft.Topics,
                request.CoverImageIdea ?? draft.CoverImageIdea,
                draft.WhyItWorks);
            var checkedDraft = await postProcessor.ProcessAsync(generated, brandId, suggestion.Brief.Language, cancellationToken);
            var scope = await insights.GetAsync(new InsightScope(suggestion.Brief.Topics.Concat(checkedDraft.Topics).Distinct().ToList()), cancellationToken);
            return SuggestionWorker.ToDraft(draft.Id, checkedDraft, predictor.Score(checkedDraft, scope)) with
            {
                State = DraftState.Edited,
                ChangedAt = clock.GetUtcNow(),
                ChangedBy = caller.UserId,
            };
        }, cancellationToken);

    /// <summary>Discards a draft: it stays in the suggestion, marked discarded, ranked last.</summary>
    public Task<StoredDocument<Suggestion>> DiscardDraftAsync(
        Caller caller, string brandId, string suggestionId, string draftId, string? ifMatch, CancellationToken cancellationToken) =>
        ChangeDraftAsync(caller, brandId, suggestionId, draftId, ifMatch, requireIfMatch: false, (_, draft) =>
            Task.FromResult(draft with { State = DraftState.Discarded, ChangedAt = clock.GetUtcNow(), ChangedBy = caller.UserId }),
            cancellationToken);

    /// <summary>
    /// Hands a compliant (or repaired) draft to a creator the brand has an active partnership with (422
    /// <c>partnership.required</c> otherwise). The draft, with the brief's products, lands in the creator's inbox (their
    /// partnership, which sends <c>draft.handed_off</c>), and then is closed here; a retry after a failure in between is safe.
    /// </summary>
    public Task<StoredDocument<Suggestion>> HandOffDraftAsync(
        Caller caller, string brandId, string suggestionId, string draftId, string? ifMatch, HandOffDraftRequest request, CancellationToken cancellationToken)
    {
        var v = new Validation();
        v.Require(Ids.IsWellFormed(request.CreatorId), "creatorId", "studio.creator_required", "Name the creator partner by user id.");
        v.Require(request.Message is null || Text.FitsWithin(request.Message, 500), "message", "studio.field_too_long", "The message may have at most 500 characters.");
        v.ThrowIfInvalid();
        return ChangeDraftAsync(caller, brandId, suggestionId, draftId, ifMatch, requireIfMatch: false, async (suggestion, draft) =>
        {
            if (draft.Compliance == DraftCompliance.Flagged)
            {
                throw PlatformException.Conflict("studio.draft_flagged",
                    "This draft breaks an integrity rule that could not be repaired; edit it before handing it off.");
            }

            var now = clock.GetUtcNow();
            await partnerships.HandOffAsync(caller, brandId, request.CreatorId!, new CreatorDraft(
                draft.Id, suggestion.Id, draft.Title, draft.Body, draft.Topics, suggestion.Brief.ProductIds, draft.Labels.AiAssisted,
                request.Message?.Trim(), caller.UserId, now), cancellationToken);
            return draft with
            {
                State = DraftState.HandedOff,
                HandedOffTo = request.CreatorId,
                HandOffMessage = request.Message?.Trim(),
                ChangedAt = now,
                ChangedBy = caller.UserId,
            };
        }, cancellationToken);
    }

    private async Task<StoredDocument<Suggestion>> ChangeDraftAsync(
        Caller caller, string brandId, string suggestionId, string draftId, string? ifMatch, bool requireIfMatch,
        Func<Suggestion, SuggestionDraft, Task<SuggestionDraft>> change, CancellationToken cancellationToken)
    {
        var current = await GetAsync(caller, brandId, suggestionId, cancellationToken);
        if (ifMatch is null && requireIfMatch)
        {
            throw new PlatformException(ErrorKind.PreconditionRequired, "studio.if_match_required",
                "Send the suggestion's ETag in If-Match so a concurrent edit is not overwritten.");
        }

        if (ifMatch is not null && ifMatch != "*" && ifMatch != current.ETag)
        {
            throw StaleETag();
        }

        var suggestion = current.Value;
        var draft = suggestion.Drafts.FirstOrDefault(d => d.Id == draftId)
            ?? throw PlatformException.NotFound("studio.draft_not_found", $"Draft '{draftId}' does not exist.");
        if (draft.State is DraftState.Discarded or DraftState.HandedOff)
        {
            throw PlatformException.Conflict("studio.draft_closed", $"This draft was {(draft.State == DraftState.Discarded ? "discarded" : "handed off")}; it can no longer change.");
        }

        var changed = await change(suggestion, draft);
        var updated = suggestion with
        {
            Drafts = SuggestionWorker.Rank(suggestion.Drafts.Select(d => d.Id == draftId ? changed : d)),
            UpdatedAt = clock.GetUtcNow(),
        };
        try
        {
            var etag = await store.ReplaceAsync(Collections.Suggestions, brandId, suggestionId, updated, current.ETag, cancellationToken);
            return new StoredDocument<Suggestion>(updated, etag);
        }
        catch (Exception e) when (e is DocumentPreconditionFailedException or DocumentMissingException)
        {
            throw StaleETag();
        }
    }

    private static void RequireMember(Caller caller, string brandId)
    {
        if (!caller.IsMemberOfBrand(brandId))
        {
            throw PlatformException.Forbidden("studio.not_brand_member", "Only members of this brand may use its studio.");
        }
    }

    private static PlatformException StaleETag() =>
        new(ErrorKind.PreconditionFailed, "studio.etag_mismatch", "The suggestion was changed since you read it; read it again and retry.");
}
