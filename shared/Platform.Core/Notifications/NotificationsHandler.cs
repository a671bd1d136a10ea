using Platform.Core.Commerce;
using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Core.Integrity;
using Platform.Core.Messaging;
using Platform.Core.Notes;

namespace Platform.Core.Notifications;

/// <summary>
/// The <c>notifications</c> subscription of the events topic: turns what happened into inbox entries. Idempotent: every
/// notification has a deterministic id and remembers the events applied to it, on top of the dispatcher's processed-message
/// check. Nobody is notified of what they did themselves, and nothing comes of an erased account (actor or recipient).
/// There is no blocking between users in the platform yet ("not interested in a creator" only shapes the feed), so no
/// block is checked here.
/// </summary>
public sealed class NotificationsHandler(NotificationInbox inbox, ErasedAccounts erased) : IMessageHandler
{
    private static readonly HashSet<OrderStatus> BuyerStatuses =
        [OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Completed, OrderStatus.Cancelled, OrderStatus.Refunded];

    private static readonly HashSet<OrderStatus> SellerStatuses =
        [OrderStatus.Paid, OrderStatus.Cancelled, OrderStatus.RefundRequested, OrderStatus.Completed];

    public Task HandleAsync(IncomingMessage message, CancellationToken cancellationToken) => message.Type switch
    {
        CommunityEvents.NoteLiked => EngagedAsync(message, NotificationKind.Like, "like-", cancellationToken),
        CommunityEvents.NoteCollected => EngagedAsync(message, NotificationKind.Collect, "collect-", cancellationToken),
        CommunityEvents.UserFollowed => FollowedAsync(message, cancellationToken),
        CommunityEvents.CommentPublished => CommentedAsync(message, cancellationToken),
        NoteEvents.Created or NoteEvents.Updated => NoteMentionsAsync(message, cancellationToken),
        OrderStatusChanged.MessageType => OrderChangedAsync(message, cancellationToken),
        ModerationEvents.Decided => DecidedAsync(message, cancellationToken),
        PartnershipEvents.Offered or PartnershipEvents.Accepted or PartnershipEvents.Declined or PartnershipEvents.Ended =>
            PartnershipAsync(message, cancellationToken),
        PartnershipEvents.DraftHandedOff => HandedOffAsync(message, cancellationToken),
        _ => Task.CompletedTask,
    };

    private Task EngagedAsync(IncomingMessage message, NotificationKind kind, string prefix, CancellationToken cancellationToken)
    {
        var e = message.GetBody<NoteEngaged>();
        return NotifyAsync(new NotificationWrite(e.NoteAuthorId, prefix + e.NoteId, kind, e.UserId, e.At, Grouped: true) { NoteId = e.NoteId },
            message.Id, cancellationToken);
    }

    private Task FollowedAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var e = message.GetBody<UserFollowed>();
        // One per follower, ever: following again after an unfollow is not news twice. The id does not name the follower.
        return NotifyAsync(new NotificationWrite(e.FolloweeId, "follow-" + NotificationInbox.HashOf(e.FollowerId), NotificationKind.Follow, e.FollowerId, e.At),
            message.Id, cancellationToken);
    }

    private async Task CommentedAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var e = message.GetBody<CommentPublished>();
        var told = new HashSet<string>(StringComparer.Ordinal) { e.AuthorId };
        if (e.ReplyToUserId is { } answered && told.Add(answered))
        {
            await NotifyAsync(new NotificationWrite(answered, "reply-" + e.CommentId, NotificationKind.Reply, e.AuthorId, e.At)
                { NoteId = e.NoteId, CommentId = e.CommentId }, message.Id, cancellationToken);
        }

        if (told.Add(e.NoteAuthorId))
        {
            await NotifyAsync(new NotificationWrite(e.NoteAuthorId, "comment-" + e.CommentId, NotificationKind.Comment, e.AuthorId, e.At)
                { NoteId = e.NoteId, CommentId = e.CommentId }, message.Id, cancellationToken);
        }

        foreach (var mentioned in e.MentionedUserIds.Where(told.Add))
        {
            await NotifyAsync(new NotificationWrite(mentioned, "mention-" + e.CommentId, NotificationKind.Mention, e.AuthorId, e.At)
                { NoteId = e.NoteId, CommentId = e.CommentId }, message.Id, cancellationToken);
        }
    }

    private async Task NoteMentionsAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var note = message.GetBody<NoteChanged>();
        // Only a note others can see tells whom it mentions (a held note does once approved; its update event says so).
        if (!note.Searchable || note.MentionedUserIds is not { Count: > 0 } mentioned)
        {
            return;
        }

        foreach (var userId in mentioned.Distinct(StringComparer.Ordinal))
        {
            await NotifyAsync(new NotificationWrite(userId, "mention-note-" + note.NoteId, NotificationKind.Mention, note.AuthorId, note.UpdatedAt)
                { NoteId = note.NoteId }, message.Id, cancellationToken);
        }
    }

    private async Task OrderChangedAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var e = message.GetBody<OrderStatusChanged>();
        var id = $"order-{e.OrderId}-{e.To}";
        if (BuyerStatuses.Contains(e.To) && e.By != ActorKind.Buyer)
        {
            await NotifyAsync(new NotificationWrite(e.BuyerId, id, NotificationKind.Order, null, e.At) { OrderId = e.OrderId, Status = e.To.ToString() },
                message.Id, cancellationToken);
        }

        if (SellerStatuses.Contains(e.To) && e.By != ActorKind.Brand)
        {
            await inbox.NotifyAsync(new NotificationWrite(NotificationInbox.BrandInbox(e.BrandId), id, NotificationKind.Order, null, e.At)
                { OrderId = e.OrderId, BrandId = e.BrandId, Status = e.To.ToString() }, message.Id, cancellationToken);
        }
    }

    private Task DecidedAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var e = message.GetBody<ModerationDecided>();
        return NotifyAsync(new NotificationWrite(e.AuthorId, "moderation-" + e.DecisionId, NotificationKind.Moderation, null, e.At)
        {
            NoteId = e.NoteId,
            CommentId = e.CommentId,
            Status = e.Appeal ? "Appeal" + e.Verdict : e.Verdict.ToString(),
            Reason = e.Reason,
        }, message.Id, cancellationToken);
    }

    private async Task PartnershipAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var e = message.GetBody<PartnershipChanged>();
        var brandInbox = NotificationInbox.BrandInbox(e.BrandId);
        var (recipient, kind, id) = message.Type switch
        {
            PartnershipEvents.Offered => (e.CreatorId, NotificationKind.Offer, "offer-" + e.OfferId),
            PartnershipEvents.Accepted => (brandInbox, NotificationKind.OfferAccepted, "offer-" + e.OfferId + "-accepted"),
            PartnershipEvents.Declined => (brandInbox, NotificationKind.OfferDeclined, "offer-" + e.OfferId + "-declined"),
            // Ended by the creator: the brand hears; ended by a brand member: the creator does.
            _ => e.ActorId == e.CreatorId
                ? (brandInbox, NotificationKind.PartnershipEnded, "offer-" + e.OfferId + "-ended")
                : (e.CreatorId, NotificationKind.PartnershipEnded, "offer-" + e.OfferId + "-ended"),
        };
        var write = new NotificationWrite(recipient, id, kind, e.ActorId, e.At) { BrandId = e.BrandId, OfferId = e.OfferId };
        if (recipient == brandInbox)
        {
            // A brand's inbox is no person: only the actor's erasure matters.
            if (!await erased.WasErasedAfterAsync(e.ActorId, e.At, cancellationToken))
            {
                await inbox.NotifyAsync(write, message.Id, cancellationToken);
            }

            return;
        }

        await NotifyAsync(write, message.Id, cancellationToken);
    }

    private Task HandedOffAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var e = message.GetBody<DraftHandedOff>();
        return NotifyAsync(new NotificationWrite(e.CreatorId, "handoff-" + e.DraftId, NotificationKind.HandOff, e.ActorId, e.At)
            { BrandId = e.BrandId, SuggestionId = e.SuggestionId, DraftId = e.DraftId }, message.Id, cancellationToken);
    }

    // A person's inbox: never one's own doing, never an erased account's.
    private async Task NotifyAsync(NotificationWrite write, string eventId, CancellationToken cancellationToken)
    {
        if (write.Inbox == write.ActorId
            || await erased.WasErasedAfterAsync(write.Inbox, write.At, cancellationToken)
            || (write.ActorId is { } actor && await erased.WasErasedAfterAsync(actor, write.At, cancellationToken)))
        {
            return;
        }

        await inbox.NotifyAsync(write, eventId, cancellationToken);
    }
}
