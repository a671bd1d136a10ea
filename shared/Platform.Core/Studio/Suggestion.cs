using System.Text.Json.Serialization;
using Platform.Core.Messaging;

namespace Platform.Core.Studio;

/// <summary>
/// One draft-suggestion request of a brand, stored with its brief, status, ranked drafts and the tokens and cost it took.
/// Stored in <c>suggestions</c>, partitioned by brand.
/// </summary>
public sealed record Suggestion : IOutboxDocument<Suggestion>
{
    public required string Id { get; init; }

    public required string BrandId { get; init; }

    /// <summary>The brand member who asked (kept for the brand's own audit; never sent to a model).</summary>
    public required string RequestedBy { get; init; }

    public required DraftBrief Brief { get; init; }

    public SuggestionStatus Status { get; init; } = SuggestionStatus.Queued;

    public SuggestionFailure? Failure { get; init; }

    /// <summary>Which generator wrote the drafts; <see cref="Offline"/> is true when no model was used.</summary>
    public string? Generator { get; init; }

    public string? Model { get; init; }

    public bool Offline { get; init; }

    public int Attempts { get; init; }

    public TokenUsage Usage { get; init; } = TokenUsage.None;

    public decimal Cost { get; init; }

    public string Currency { get; init; } = "USD";

    /// <summary>What grounded the drafts, for the brand to see (no note authors).</summary>
    public GroundingSummary? Grounding { get; init; }

    public IReadOnlyList<SuggestionDraft> Drafts { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>While running: until when the run that claimed it holds it (<see cref="StudioOptions.JobLease"/>).</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>Whether the tokens and cost are counted in the brand's daily usage (a redelivery never counts them twice).</summary>
    public bool UsageRecorded { get; init; }

    /// <summary>The drafting job, written with the suggestion so accepting it and queueing it cannot diverge.</summary>
    public IReadOnlyList<OutgoingMessage> PendingEvents { get; init; } = [];

    public Suggestion WithoutPendingEvents() => this with { PendingEvents = [] };
}

[JsonConverter(typeof(JsonStringEnumConverter<SuggestionStatus>))]
public enum SuggestionStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>Why a suggestion failed: a stable code (e.g. <c>generator.rate_limited</c>) and a sentence.</summary>
public sealed record SuggestionFailure(string Code, string Message);

public sealed record GroundingSummary(
    string InsightScope,
    int InsightNotes,
    IReadOnlyList<string> Products,
    IReadOnlyList<string> ExemplarTitles,
    IReadOnlyList<string> TopFeatures);

/// <summary>A draft as kept for the brand: checked, labelled, scored, ranked; then edited, discarded or handed off.</summary>
public sealed record SuggestionDraft
{
    public required string Id { get; init; }

    /// <summary>1 is the best; flagged drafts rank after compliant ones whatever their score.</summary>
    public int Rank { get; init; }

    public required string Title { get; init; }

    public required string Body { get; init; }

    public required IReadOnlyList<string> Topics { get; init; }

    public required string CoverImageIdea { get; init; }

    public required string WhyItWorks { get; init; }

    public required DraftLabels Labels { get; init; }

    public required DraftCompliance Compliance { get; init; }

    public IReadOnlyList<DraftFinding> Findings { get; init; } = [];

    public IReadOnlyList<string> Adjustments { get; init; } = [];

    public required DraftScore Score { get; init; }

    public DraftState State { get; init; } = DraftState.Proposed;

    public string? HandedOffTo { get; init; }

    public string? HandOffMessage { get; init; }

    public DateTimeOffset? ChangedAt { get; init; }

    public string? ChangedBy { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<DraftState>))]
public enum DraftState
{
    Proposed,
    Edited,
    Discarded,
    HandedOff,
}
