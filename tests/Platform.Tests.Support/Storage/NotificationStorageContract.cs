using Microsoft.Extensions.Options;
using Platform.Core.Community;
using Platform.Core.Notifications;
using Platform.Core.Storage;

namespace Platform.Tests.Storage;

/// <summary>
/// Notifications over each <see cref="IDocumentStore"/> adapter: grouped writes and their idempotency, the inbox query
/// (newest first, unread only, paged), the unread count, the erasure query across inboxes by actor, and the user directory
/// in the keyed-only collection.
/// </summary>
public abstract class NotificationStorageContract
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    protected abstract IDocumentStore Store { get; }

    private NotificationInbox Inbox() => new(Store, Options.Create(new NotificationOptions()), TimeProvider.System);

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task Grouped_notifications_count_people_once_page_newest_first_and_keep_the_unread_count()
    {
        var inbox = Inbox();
        var alice = Unique("alice");
        NotificationWrite Like(string note, string who, int minute) =>
            new(alice, "like-" + note, NotificationKind.Like, who, At.AddMinutes(minute), Grouped: true) { NoteId = note };

        await inbox.NotifyAsync(Like("n1", "bob", 0), "e1", default);
        await inbox.NotifyAsync(Like("n1", "bob", 0), "e1", default); // redelivered
        await inbox.NotifyAsync(Like("n1", "bob", 1), "e2", default); // the same person again
        await inbox.NotifyAsync(Like("n1", "carol", 2), "e3", default);
        await inbox.NotifyAsync(Like("n2", "dave", 3), "e4", default);
        await inbox.NotifyAsync(new NotificationWrite(alice, "follow-x", NotificationKind.Follow, "erin", At.AddMinutes(4)), "e5", default);

        var first = await inbox.ListAsync(alice, 2, null, unreadOnly: false, default);
        var second = await inbox.ListAsync(alice, 2, first.Continuation, unreadOnly: false, default);
        Assert.Null(second.Continuation);
        Assert.Equal(["follow-x", "like-n2", "like-n1"], first.Items.Concat(second.Items).Select(i => i.Id));
        var group = second.Items.Single();
        Assert.Equal(2, group.Count);
        Assert.Equal(["carol", "bob"], group.Actors.Select(a => a.UserId));
        Assert.Equal(3, (await inbox.UnreadAsync(alice, default)).Unread);

        await inbox.MarkReadAsync(alice, "like-n1", default);
        await inbox.MarkReadAsync(alice, "like-n1", default);
        Assert.Equal(["follow-x", "like-n2"], (await inbox.ListAsync(alice, 10, null, unreadOnly: true, default)).Items.Select(i => i.Id));
        Assert.Equal(2, (await inbox.UnreadAsync(alice, default)).Unread);

        // Growing a read group makes it unread again; redelivering that event does not count it twice.
        await inbox.NotifyAsync(Like("n1", "fay", 5), "e6", default);
        await inbox.NotifyAsync(Like("n1", "fay", 5), "e6", default);
        var (unread, version) = await inbox.UnreadAsync(alice, default);
        Assert.Equal(3, unread);

        Assert.Equal(3, (await inbox.MarkAllReadAsync(alice, default)).Marked);
        var after = await inbox.UnreadAsync(alice, default);
        Assert.Equal(0, after.Unread);
        Assert.True(after.Version > version);
        Assert.Empty((await inbox.ListAsync(alice, 10, null, unreadOnly: true, default)).Items);
    }

    [Fact]
    public async Task Erasure_deletes_the_inbox_and_drops_the_actor_from_other_inboxes()
    {
        var inbox = Inbox();
        var (gone, alice, bob) = (Unique("gone"), Unique("alice"), Unique("bob"));
        await inbox.NotifyAsync(new NotificationWrite(alice, "like-n1", NotificationKind.Like, "carol", At, Grouped: true) { NoteId = "n1" }, "e1", default);
        await inbox.NotifyAsync(new NotificationWrite(alice, "like-n1", NotificationKind.Like, gone, At.AddMinutes(1), Grouped: true) { NoteId = "n1" }, "e2", default);
        await inbox.NotifyAsync(new NotificationWrite(alice, "like-n1", NotificationKind.Like, "dave", At.AddMinutes(2), Grouped: true) { NoteId = "n1" }, "e3", default);
        await inbox.NotifyAsync(new NotificationWrite(bob, "follow-g", NotificationKind.Follow, gone, At), "e4", default);
        await inbox.NotifyAsync(new NotificationWrite(gone, "follow-a", NotificationKind.Follow, alice, At), "e5", default);

        await new NotificationPersonalData(Store, inbox).EraseAsync(gone, default);

        Assert.Empty((await inbox.ListAsync(gone, 10, null, false, default)).Items);
        Assert.Equal(0, (await inbox.UnreadAsync(gone, default)).Unread);
        var like = Assert.Single((await inbox.ListAsync(alice, 10, null, false, default)).Items);
        Assert.Equal(3, like.Count);
        Assert.Equal(["dave", "carol"], like.Actors.Select(a => a.UserId));
        Assert.Empty(Assert.Single((await inbox.ListAsync(bob, 10, null, false, default)).Items).Actors);
    }

    [Fact]
    public async Task The_user_directory_finds_people_by_name_prefix_and_exact_name_and_forgets_old_names()
    {
        var directory = new UserDirectory(Store, TimeProvider.System);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (xie, zoe) = (Unique("xie"), Unique("zoe"));
        await directory.SetAsync(xie, null, $"谢{tag} 小雨", default);
        await directory.SetAsync(zoe, null, $"Zo{tag} Q", default);

        Assert.Equal(xie, Assert.Single((await directory.SearchAsync($"谢{tag}", 10, null, default)).Items).UserId);
        Assert.Equal(xie, Assert.Single(await directory.FindExactAsync($"謝{tag}小雨", default)).UserId); // Traditional folds, spaces go
        Assert.Equal(zoe, Assert.Single((await directory.SearchAsync($"ZO{tag}q", 10, null, default)).Items).UserId);

        await directory.SetAsync(zoe, $"Zo{tag} Q", $"Zoe{tag}", default);
        Assert.Empty(await directory.FindExactAsync($"Zo{tag}Q", default));
        Assert.Equal(zoe, Assert.Single(await directory.FindExactAsync($"zoe{tag}", default)).UserId);

        await directory.RemoveAsync(zoe, $"Zoe{tag}", default);
        Assert.Empty((await directory.SearchAsync($"zo{tag}", 10, null, default)).Items);
    }
}
