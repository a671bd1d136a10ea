using Platform.Core.Community;
using Platform.Core.Storage;

namespace Platform.Core.Notifications;

/// <summary>
/// Notifications in export and erasure: a user's inbox goes with their account (with its unread count), and every
/// notification in someone else's inbox that names them as an actor drops them (the count stays: "3 people liked").
/// </summary>
public sealed class NotificationPersonalData(IDocumentStore store, NotificationInbox inbox) : IPersonalDataParticipant
{
    /// <inheritdoc/>
    public string Section => "notifications";

    /// <inheritdoc/>
    public async Task<object?> ExportAsync(string userId, CancellationToken cancellationToken) =>
        (await inbox.AllAsync(userId, [], cancellationToken))
            .Select(n => new { n.Value.Id, n.Value.Kind, n.Value.Count, n.Value.NoteId, n.Value.CommentId, n.Value.OrderId, n.Value.Status, n.Value.Read, n.Value.UpdatedAt })
            .ToList();

    /// <inheritdoc/>
    public async Task EraseAsync(string userId, CancellationToken cancellationToken)
    {
        foreach (var notification in await inbox.AllAsync(userId, [], cancellationToken))
        {
            await store.DeleteAsync(Collections.Notifications, userId, notification.Value.Id, null, cancellationToken);
        }

        await store.DeleteAsync(Collections.NotificationInboxes, userId, userId, null, cancellationToken);

        foreach (var field in new[] { "actorId", "actor2", "actor3" })
        {
            var naming = await Paging.AllAsync<Notification>(store, Collections.Notifications,
                new DocumentQuery { Where = [new(field, userId)], OrderBy = "updatedAt" }, cancellationToken);
            foreach (var notification in naming)
            {
                await store.UpdateAsync<Notification>(Collections.Notifications, notification.Value.Inbox, notification.Value.Id, current =>
                {
                    if (current is null || !current.Actors.Contains(userId))
                    {
                        return null;
                    }

                    var actors = current.Actors.Where(a => a != userId).ToList();
                    return current with { ActorId = actors.ElementAtOrDefault(0), Actor2 = actors.ElementAtOrDefault(1), Actor3 = actors.ElementAtOrDefault(2) };
                }, DocumentUpdates.UntilWritten, cancellationToken);
            }
        }
    }
}
