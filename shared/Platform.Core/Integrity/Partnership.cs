using System.Text.Json.Serialization;
using Platform.Core.Messaging;

namespace Platform.Core.Integrity;

/// <summary>
/// A brand's offer to a creator and, once the creator accepts, the paid partnership it becomes (Pugongying-style). Stored in
/// <c>partnerships</c>, partitioned by creator id (the creator's inbox and the disclosure check read one partition). Only an
/// <see cref="PartnershipState.Active"/> partnership lets the creator's notes be sponsored by the brand, and while it is
/// active their notes tagging the brand's products must say so. Drafts the brand hands off travel with it.
/// </summary>
public sealed record Partnership : IOutboxDocument<Partnership>
{
    public required string Id { get; init; }

    public required string BrandId { get; init; }

    public required string CreatorId { get; init; }

    /// <summary>The brand member who sent the offer.</summary>
    public required string OfferedBy { get; init; }

    public required OfferTerms Terms { get; init; }

    public PartnershipState State { get; init; } = PartnershipState.Offered;

    public required DateTimeOffset OfferedAt { get; init; }

    /// <summary>When the creator accepted or declined.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }

    /// <summary>When either side ended it; notes published before then keep their label.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    public string? EndedBy { get; init; }

    /// <summary>Drafts the brand handed off to the creator under this partnership, newest last.</summary>
    public IReadOnlyList<CreatorDraft> Drafts { get; init; } = [];

    /// <summary>Events of this partnership's writes not yet known to be sent (see <see cref="Outbox"/>).</summary>
    public IReadOnlyList<OutgoingMessage> PendingEvents { get; init; } = [];

    public Partnership WithoutPendingEvents() => this with { PendingEvents = [] };

    [JsonIgnore]
    public bool IsActive => State == PartnershipState.Active;

    /// <summary>Whether the creator ever accepted (active now or ended later): its notes then were really sponsored.</summary>
    [JsonIgnore]
    public bool WasAccepted => State is PartnershipState.Active || (State is PartnershipState.Ended && AnsweredAt is not null);
}

[JsonConverter(typeof(JsonStringEnumConverter<PartnershipState>))]
public enum PartnershipState
{
    /// <summary>Sent, waiting for the creator's answer.</summary>
    Offered,

    /// <summary>Accepted by the creator: sponsored notes for the brand are allowed (and required when tagging its products).</summary>
    Active,

    Declined,

    /// <summary>Ended by either side (from an offer withdrawn by the brand, or an active partnership).</summary>
    Ended,
}

/// <summary>What the brand offers: what to make, with which products, for what, by when.</summary>
public sealed record OfferTerms(string Brief, IReadOnlyList<string> ProductIds, Compensation Compensation, DateTimeOffset Deadline);

/// <summary>How the creator is paid: a fixed fee (amount in currency units), a commission (amount in percent of attributed
/// revenue) or the products themselves (amount 0).</summary>
public sealed record Compensation(CompensationType Type, decimal Amount, string Currency);

[JsonConverter(typeof(JsonStringEnumConverter<CompensationType>))]
public enum CompensationType
{
    Fee,
    Commission,
    Gifted,
}

/// <summary>A studio draft handed to the creator: what it says, the products it tags, and whether a model wrote the text.</summary>
public sealed record CreatorDraft(
    string DraftId,
    string SuggestionId,
    string Title,
    string Body,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> ProductIds,
    bool AiAssisted,
    string? Message,
    string HandedOffBy,
    DateTimeOffset HandedOffAt,
    string? PublishedNoteId = null,
    DateTimeOffset? PublishedAt = null);

/// <summary>Body of <c>POST /api/brands/{brandId}/offers</c>.</summary>
public sealed record SendOfferRequest(
    string? CreatorId,
    string? Brief,
    IReadOnlyList<string>? ProductIds = null,
    CompensationType? CompensationType = null,
    decimal? Amount = null,
    string? Currency = null,
    DateTimeOffset? Deadline = null);

/// <summary>An offer or partnership as the API shows it (to the creator and the brand's members).</summary>
public sealed record OfferView(
    string Id,
    string BrandId,
    string CreatorId,
    string OfferedBy,
    OfferTerms Terms,
    PartnershipState State,
    DateTimeOffset OfferedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    string? EndedBy,
    IReadOnlyList<CreatorDraft> Drafts)
{
    public static OfferView From(Partnership p) =>
        new(p.Id, p.BrandId, p.CreatorId, p.OfferedBy, p.Terms, p.State, p.OfferedAt, p.AnsweredAt, p.EndedAt, p.EndedBy, p.Drafts);
}

/// <summary>A handed-off draft in the creator's inbox, with the brand it is for.</summary>
public sealed record CreatorDraftView(string OfferId, string BrandId, CreatorDraft Draft);

/// <summary>Body of <c>POST /api/me/drafts/{draftId}/publish</c>: the creator's edits; what is left out keeps the draft's text.</summary>
public sealed record PublishDraftRequest(
    string? Title = null,
    string? Body = null,
    IReadOnlyList<string>? Topics = null,
    IReadOnlyList<string>? MediaIds = null,
    Notes.NoteVisibility? Visibility = null);
