using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Community;
using Platform.Core.Storage;

namespace Platform.Core.Notifications;

/// <summary>What a handler wants in an inbox: <see cref="Id"/> is deterministic, <see cref="Grouped"/> kinds count people.</summary>
public sealed record NotificationWrite(string Inbox, string Id, NotificationKind Kind, string? ActorId, DateTimeOffset At, bool Grouped = false)
    : NotificationSubject;

/// <summary>
/// Inboxes: writing notifications (from the bus handler), reading them, and the unread count. The count lives in one small
/// document per inbox (<see cref="Collections.NotificationInboxes"/>), so polling it is one point read; every change to it
/// is named by the notification change that caused it and applied once, so a retried handler or a repeated mark-read never
/// counts twice. A notification is written first and the count after; a crash in between is repaired by the retry, which
/// finds the notification unread and applies its (remembered) change again.
/// </summary>
public sealed class NotificationInbox(IDocumentStore store, IOptions<NotificationOptions> options, TimeProvider clock)
{
    /// <summary>How many people a group remembers (hashed) so one person liking, unliking and liking again counts once.</summary>
    public const int RememberedActors = 500;

    private const int RememberedEvents = 50;
    private const int RememberedOps = 512;

    /// <summary>The inbox of a brand's members.</summary>
    public static string BrandInbox(string brandId) => "brand~" + brandId;

    /// <summary>Applies one event's notification; <paramref name="eventId"/> makes it idempotent.</summary>
    public async Task NotifyAsync(NotificationWrite write, string eventId, CancellationToken cancellationToken)
    {
        var update = await store.UpdateAsync<Notification>(Collections.Notifications, write.Inbox, write.Id,
            current => Next(current, write, eventId), DocumentUpdates.UntilWritten, cancellationToken);
        // Only the event that made it unread counts it (again, harmlessly, when that event is retried after a crash).
        if (update.Current?.Value is { Read: false } unread && unread.UnreadOp == OpOf(eventId, write.Id))
        {
            await ApplyAsync(write.Inbox, [(unread.UnreadOp, +1)], cancellationToken);
        }
    }

    private static Notification? Next(Notification? current, NotificationWrite write, string eventId)
    {
        if (current is not null && (current.Applied.Contains(eventId) || !write.Grouped))
        {
            return null; // this event, or this one-off notification, is there already
        }

        var op = OpOf(eventId, write.Id);
        if (current is null)
        {
            return new Notification(write)
            {
                Id = write.Id, Inbox = write.Inbox, Kind = write.Kind, ActorId = write.ActorId, Count = 1,
                CreatedAt = write.At, UpdatedAt = write.At, Applied = [eventId], UnreadOp = op,
                Seen = write.Grouped && write.ActorId is { } a ? [HashOf(a)] : [],
            };
        }

        var applied = new[] { eventId }.Concat(current.Applied).Take(RememberedEvents).ToList();
        var hash = write.ActorId is null ? null : HashOf(write.ActorId);
        if (hash is not null && current.Seen.Contains(hash))
        {
            return current with { Applied = applied }; // the same person again: not news
        }

        var actors = new[] { write.ActorId }.Concat(current.Actors.Where(a => a != write.ActorId)).OfType<string>().Take(3).ToList();
        return current with
        {
            Count = current.Count + 1,
            ActorId = actors.ElementAtOrDefault(0),
            Actor2 = actors.ElementAtOrDefault(1),
            Actor3 = actors.ElementAtOrDefault(2),
            Seen = hash is null ? current.Seen : [hash, .. current.Seen.Take(RememberedActors - 1)],
            Applied = applied,
            UpdatedAt = write.At > current.UpdatedAt ? write.At : current.UpdatedAt,
            // Grown while read: unread again, counted again.
            Read = false,
            UnreadOp = current.Read ? op : current.UnreadOp,
        };
    }

    private static string OpOf(string eventId, string notificationId) => eventId + ":" + notificationId;

    /// <summary>An inbox, newest first, <paramref name="pageSize"/> at a time.</summary>
    public async Task<NotificationPage> ListAsync(string inbox, int? pageSize, string? continuation, bool unreadOnly, CancellationToken cancellationToken)
    {
        DocumentPage<Notification> page;
        try
        {
            page = await store.QueryAsync<Notification>(Collections.Notifications, new DocumentQuery
            {
                PartitionKey = inbox,
                Where = unreadOnly ? [new("read", false)] : [],
                OrderBy = "updatedAt",
                Descending = true,
                Limit = Math.Clamp(pageSize ?? 20, 1, options.Value.MaxPageSize),
                Continuation = continuation,
            }, cancellationToken);
        }
        catch (InvalidContinuationException)
        {
            throw PlatformException.Invalid("continuation", "request.invalid_continuation", "The continuation token is not valid.");
        }

        var names = await NamesAsync(page.Items.SelectMany(i => i.Value.Actors), cancellationToken);
        var (unread, _) = await UnreadAsync(inbox, cancellationToken);
        return new NotificationPage(page.Items.Select(i => ViewOf(i.Value, names)).ToList(), unread, page.Continuation);
    }

    /// <summary>The unread count and its version (the ETag): one point read.</summary>
    public async Task<(long Unread, long Version)> UnreadAsync(string inbox, CancellationToken cancellationToken)
    {
        var state = (await store.FindAsync<InboxState>(Collections.NotificationInboxes, inbox, inbox, cancellationToken))?.Value;
        return (state?.Unread ?? 0, state?.Version ?? 0);
    }

    /// <summary>Marks one notification read (404 when the inbox has none of that id).</summary>
    public async Task<MarkReadResult> MarkReadAsync(string inbox, string notificationId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(notificationId) || notificationId.Length > 200
            || await store.FindAsync<Notification>(Collections.Notifications, inbox, notificationId, cancellationToken) is null)
        {
            throw PlatformException.NotFound("notification.not_found", $"Notification '{notificationId}' does not exist.");
        }

        var marked = await MarkAsync(inbox, [notificationId], cancellationToken);
        return new MarkReadResult(marked, (await UnreadAsync(inbox, cancellationToken)).Unread);
    }

    /// <summary>Marks every unread notification of an inbox read.</summary>
    public async Task<MarkReadResult> MarkAllReadAsync(string inbox, CancellationToken cancellationToken)
    {
        var unread = await AllAsync(inbox, [new("read", false)], cancellationToken);
        var marked = await MarkAsync(inbox, unread.Select(n => n.Value.Id).ToList(), cancellationToken);
        return new MarkReadResult(marked, (await UnreadAsync(inbox, cancellationToken)).Unread);
    }

    /// <summary>Every notification of an inbox matching <paramref name="where"/> (export, erasure, read-all).</summary>
    internal async Task<List<StoredDocument<Notification>>> AllAsync(string inbox, IReadOnlyList<FieldEquals> where, CancellationToken cancellationToken)
    {
        var all = new List<StoredDocument<Notification>>();
        string? continuation = null;
        do
        {
            var page = await store.QueryAsync<Notification>(Collections.Notifications,
                new DocumentQuery { PartitionKey = inbox, Where = where, OrderBy = "updatedAt", Limit = 200, Continuation = continuation }, cancellationToken);
            all.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);
        return all;
    }

    private async Task<int> MarkAsync(string inbox, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var ops = new List<(string, int)>();
        foreach (var id in ids)
        {
            string? readOp = null;
            await store.UpdateAsync<Notification>(Collections.Notifications, inbox, id, current =>
            {
                if (current is not { Read: false })
                {
                    return null;
                }

                readOp = "read:" + current.UnreadOp;
                return current with { Read = true };
            }, DocumentUpdates.UntilWritten, cancellationToken);
            if (readOp is not null)
            {
                ops.Add((readOp, -1));
            }
        }

        if (ops.Count > 0)
        {
            await ApplyAsync(inbox, ops, cancellationToken);
        }

        return ops.Count;
    }

    private async Task ApplyAsync(string inbox, IReadOnlyList<(string Id, int Delta)> ops, CancellationToken cancellationToken) =>
        await store.UpdateAsync<InboxState>(Collections.NotificationInboxes, inbox, inbox, current =>
        {
            var state = current ?? new InboxState(0, 0, [], clock.GetUtcNow());
            var fresh = ops.Where(o => !state.Applied.Contains(o.Id)).ToList();
            if (fresh.Count == 0)
            {
                return null;
            }

            return new InboxState(
                Math.Max(0, state.Unread + fresh.Sum(o => o.Delta)),
                state.Version + 1,
                [.. fresh.Select(o => o.Id).Reverse(), .. state.Applied.Take(RememberedOps - fresh.Count)],
                clock.GetUtcNow());
        }, DocumentUpdates.UntilWritten, cancellationToken);

    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        var distinct = userIds.Distinct(StringComparer.Ordinal).ToList();
        var found = await Task.WhenAll(distinct.Select(id => store.FindAsync<Profile>(Collections.Profiles, id, id, cancellationToken)));
        return distinct.Zip(found).ToDictionary(p => p.First, p => p.Second?.Value.DisplayName ?? p.First, StringComparer.Ordinal);
    }

    private static NotificationView ViewOf(Notification n, Dictionary<string, string> names) => new(
        n.Id, n.Kind, n.Actors.Select(a => new NotificationActor(a, names.GetValueOrDefault(a, a))).ToList(), n.Count,
        n.NoteId, n.CommentId, n.OrderId, n.BrandId, n.OfferId, n.SuggestionId, n.DraftId, n.Status, n.Reason, n.Read, n.CreatedAt, n.UpdatedAt);

    /// <summary>A short, stable stand-in for a user id in a document that must not name them.</summary>
    public static string HashOf(string userId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("notification-actor/" + userId)))[..16];
}
