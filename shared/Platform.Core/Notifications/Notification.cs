using System.Text.Json.Serialization;

namespace Platform.Core.Notifications;

[JsonConverter(typeof(JsonStringEnumConverter<NotificationKind>))]
public enum NotificationKind
{
    /// <summary>People liked your note (grouped per note).</summary>
    Like,

    /// <summary>People collected your note (grouped per note).</summary>
    Collect,

    /// <summary>Someone commented on your note.</summary>
    Comment,

    /// <summary>Someone replied to your comment.</summary>
    Reply,

    /// <summary>Someone mentioned you in a note or a comment.</summary>
    Mention,

    /// <summary>Someone followed you.</summary>
    Follow,

    /// <summary>An order of yours (as buyer) or of your brand's shop changed status.</summary>
    Order,

    /// <summary>A moderator decided about your note or comment (or your appeal).</summary>
    Moderation,

    /// <summary>A brand sent you an offer.</summary>
    Offer,

    /// <summary>A creator accepted your brand's offer.</summary>
    OfferAccepted,

    /// <summary>A creator declined your brand's offer.</summary>
    OfferDeclined,

    /// <summary>The other side ended a partnership.</summary>
    PartnershipEnded,

    /// <summary>A brand handed you a draft.</summary>
    HandOff,
}

/// <summary>What a notification is about: the same fields in a stored notification and in a handler's write.</summary>
public abstract record NotificationSubject
{
    public string? NoteId { get; init; }

    public string? CommentId { get; init; }

    public string? OrderId { get; init; }

    public string? BrandId { get; init; }

    public string? OfferId { get; init; }

    public string? SuggestionId { get; init; }

    public string? DraftId { get; init; }

    /// <summary>An order's new status, a moderation verdict.</summary>
    public string? Status { get; init; }

    /// <summary>A moderator's reason (authors are shown it; never who decided).</summary>
    public string? Reason { get; init; }
}

/// <summary>
/// One notification in one inbox, stored in <c>notifications</c> (partition = the inbox, id deterministic from what it is
/// about, so a redelivered event finds it). Grouped kinds (likes, collects) keep one document per note, counting people and
/// showing the latest three; the document is unread again whenever it grows.
/// </summary>
public sealed record Notification : NotificationSubject
{
    public Notification()
    {
    }

    /// <summary>A new notification about what <paramref name="subject"/> names.</summary>
    public Notification(NotificationSubject subject)
        : base(subject)
    {
    }

    public required string Id { get; init; }

    /// <summary>The inbox: a user id, or <c>brand~{brandId}</c>.</summary>
    public required string Inbox { get; init; }

    public required NotificationKind Kind { get; init; }

    /// <summary>The latest actor (null for the platform, or once an erased actor was dropped).</summary>
    public string? ActorId { get; init; }

    /// <summary>The second and third latest actors of a group (top-level, so erasure finds them with a query).</summary>
    public string? Actor2 { get; init; }

    public string? Actor3 { get; init; }

    /// <summary>How many people (grouped kinds) or events this notification stands for.</summary>
    public long Count { get; init; } = 1;

    public bool Read { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Hashes of the people already counted in a group (at most <see cref="NotificationInbox.RememberedActors"/>),
    /// hashed so the document names no one it does not show.</summary>
    public IReadOnlyList<string> Seen { get; init; } = [];

    /// <summary>Ids of the events applied (most recent first, bounded): a redelivered event changes nothing.</summary>
    public IReadOnlyList<string> Applied { get; init; } = [];

    /// <summary>The id of the change that last made this notification unread: the inbox's unread count applies it once.</summary>
    public string UnreadOp { get; init; } = "";

    [JsonIgnore]
    public IReadOnlyList<string> Actors => new[] { ActorId, Actor2, Actor3 }.OfType<string>().ToList();
}

/// <summary>An inbox's unread count and the count changes applied to it (ids, most recent first, bounded).</summary>
public sealed record InboxState(long Unread, long Version, IReadOnlyList<string> Applied, DateTimeOffset UpdatedAt);

/// <summary>A notification as the API shows it: who (display names), what, about which note, order, offer or draft.</summary>
public sealed record NotificationView(
    string Id,
    NotificationKind Kind,
    IReadOnlyList<NotificationActor> Actors,
    long Count,
    string? NoteId,
    string? CommentId,
    string? OrderId,
    string? BrandId,
    string? OfferId,
    string? SuggestionId,
    string? DraftId,
    string? Status,
    string? Reason,
    bool Read,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record NotificationActor(string UserId, string DisplayName);

/// <summary>A page of an inbox, newest first, with the unread count as of this read.</summary>
public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, long Unread, string? Continuation);

/// <summary>The answer of <c>GET .../notifications/unread-count</c>.</summary>
public sealed record UnreadCount(long Unread);

/// <summary>The answer of the mark-read routes.</summary>
public sealed record MarkReadResult(int Marked, long Unread);
