using Platform.Core.Notes;

namespace Platform.Core.Studio;

/// <summary>Answer of <c>POST /api/brands/{brandId}/suggestions</c> (202): where to poll.</summary>
public sealed record SuggestionAccepted(string Id, SuggestionStatus Status, string StatusUrl);

/// <summary>A suggestion as the API shows it: status, failure, usage and cost, and the drafts best first.</summary>
public sealed record SuggestionResponse(
    string Id,
    string BrandId,
    SuggestionStatus Status,
    SuggestionFailure? Failure,
    DraftBrief Brief,
    string? Generator,
    string? Model,
    bool Offline,
    int Attempts,
    TokenUsage Usage,
    decimal Cost,
    string Currency,
    GroundingSummary? Grounding,
    IReadOnlyList<DraftResponse> Drafts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    string ETag)
{
    public static SuggestionResponse From(Suggestion s, string etag) => new(
        s.Id, s.BrandId, s.Status, s.Failure, s.Brief, s.Generator, s.Model, s.Offline, s.Attempts, s.Usage, s.Cost, s.Currency,
        s.Grounding, s.Drafts.OrderBy(d => d.Rank).Select(DraftResponse.From).ToList(), s.CreatedAt, s.UpdatedAt, s.CompletedAt, etag);
}

/// <summary>A draft, with <see cref="Note"/>: the body to send to <c>POST /api/notes</c> when a creator publishes it.</summary>
public sealed record DraftResponse(
    string Id,
    int Rank,
    string Title,
    string Body,
    IReadOnlyList<string> Topics,
    string CoverImageIdea,
    string WhyItWorks,
    DraftLabels Labels,
    DraftCompliance Compliance,
    IReadOnlyList<DraftFinding> Findings,
    IReadOnlyList<string> Adjustments,
    DraftScore Score,
    DraftState State,
    string? HandedOffTo,
    string? HandOffMessage,
    CreateNoteRequest Note)
{
    public static DraftResponse From(SuggestionDraft d) => new(
        d.Id, d.Rank, d.Title, d.Body, d.Topics, d.CoverImageIdea, d.WhyItWorks, d.Labels, d.Compliance, d.Findings, d.Adjustments,
        d.Score, d.State, d.HandedOffTo, d.HandOffMessage,
        new CreateNoteRequest(d.Title, d.Body, d.Topics, Sponsored: true, PartnerBrandId: d.Labels.PartnerBrandId));
}

/// <summary>One page of a brand's suggestions, newest first.</summary>
public sealed record SuggestionPage(IReadOnlyList<SuggestionResponse> Items, string? Continuation);

/// <summary>Body of <c>PATCH .../drafts/{draftId}</c>: a property left out keeps its value.</summary>
public sealed record UpdateDraftRequest(string? Title = null, string? Body = null, IReadOnlyList<string>? Topics = null, string? CoverImageIdea = null);

/// <summary>Body of <c>POST .../drafts/{draftId}/handoff</c>: the creator partner who will publish it.</summary>
public sealed record HandOffDraftRequest(string? CreatorId, string? Message = null);
