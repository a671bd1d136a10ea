using Platform.Core.Messaging;

namespace Platform.Core.Integrity;

/// <summary>
/// What happens between a brand and a creator, sent on the <see cref="Destinations.Events"/> topic (session id = creator id)
/// by the partnership service through the outbox. Consumers (notifications, campaigns) are idempotent on the message id.
/// </summary>
public static class PartnershipEvents
{
    /// <summary>A brand member sent a creator an offer.</summary>
    public const string Offered = "partnership.offered";

    /// <summary>The creator accepted an offer: the partnership is active from now.</summary>
    public const string Accepted = "partnership.accepted";

    /// <summary>The creator declined an offer.</summary>
    public const string Declined = "partnership.declined";

    /// <summary>Either side ended an active partnership, with effect from now.</summary>
    public const string Ended = "partnership.ended";

    /// <summary>A brand member handed a draft off to a creator.</summary>
    public const string DraftHandedOff = "draft.handed_off";

    public static OutgoingMessage For(string type, PartnershipChanged change) =>
        OutgoingMessage.Create(Destinations.Events, type, change, sessionId: change.CreatorId, correlationId: change.OfferId, createdAt: change.At);

    public static OutgoingMessage For(DraftHandedOff handOff) =>
        OutgoingMessage.Create(Destinations.Events, DraftHandedOff, handOff, sessionId: handOff.CreatorId, correlationId: handOff.DraftId, createdAt: handOff.At);
}

/// <summary>Body of the <c>partnership.*</c> events. <paramref name="ActorId"/> is who acted (a brand member or the creator).</summary>
public sealed record PartnershipChanged(string OfferId, string BrandId, string CreatorId, string ActorId, DateTimeOffset At);

/// <summary>Body of <see cref="PartnershipEvents.DraftHandedOff"/>.</summary>
public sealed record DraftHandedOff(string BrandId, string SuggestionId, string DraftId, string CreatorId, string ActorId, DateTimeOffset At);
