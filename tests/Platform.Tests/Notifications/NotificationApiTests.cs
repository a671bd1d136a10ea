using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Platform.Core.Community;
using Platform.Core.Notifications;
using Platform.Tests.Community;
using Platform.Tests.Support;
using static Platform.Tests.Support.ProblemAssertions;

namespace Platform.Tests.Notifications;

/// <summary>
/// The inbox through the API: likes grouped per note, unread again when a group grows, nobody told of their own doing,
/// the unread count's ETag and 304, mark read (one, all), paging, comments, replies and @mentions.
/// </summary>
public sealed class NotificationApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task Likes_are_one_notification_per_note_counting_people_and_unread_again_when_it_grows()
    {
        var alice = _platform.ClientFor("alice");
        var note = await Api.CreateNoteAsync(alice, new { title = "露营清单", body = "#露营" });
        var other = await Api.CreateNoteAsync(alice, new { title = "第二篇", body = "" });
        foreach (var liker in new[] { "bob", "carol" })
        {
            (await _platform.ClientFor(liker).PutAsync($"/api/notes/{note.Id}/like", null)).EnsureSuccessStatusCode();
        }

        (await _platform.ClientFor("bob").PutAsync($"/api/notes/{other.Id}/like", null)).EnsureSuccessStatusCode();

        var page = await Inbox.WaitForAsync(alice, p => p.Items.Any(i => i.NoteId == note.Id && i.Count == 2) && p.Items.Any(i => i.NoteId == other.Id));
        var group = Assert.Single(page.Items, i => i.NoteId == note.Id);
        Assert.Equal(NotificationKind.Like, group.Kind);
        Assert.Equal(["carol", "bob"], group.Actors.Select(a => a.UserId).OrderByDescending(a => a == "carol"));
        Assert.Equal(2, page.Items.Count);
        Assert.Equal(2, await Inbox.UnreadAsync(alice));

        Assert.Equal(HttpStatusCode.OK, await Inbox.PostAsync(alice, $"/api/me/notifications/{group.Id}/read"));
        Assert.Equal(1, await Inbox.UnreadAsync(alice));

        // Bob taking his like back and liking again is not a new person; Dave is: the read group is unread again, counted again.
        var bob = _platform.ClientFor("bob");
        (await bob.DeleteAsync($"/api/notes/{note.Id}/like")).EnsureSuccessStatusCode();
        (await bob.PutAsync($"/api/notes/{note.Id}/like", null)).EnsureSuccessStatusCode();
        (await _platform.ClientFor("dave").PutAsync($"/api/notes/{note.Id}/like", null)).EnsureSuccessStatusCode();
        page = await Inbox.WaitForAsync(alice, p => p.Items.Any(i => i.NoteId == note.Id && i.Count == 3));
        await Inbox.DrainAsync(_platform);
        page = await Inbox.ReadAsync(alice);
        group = Assert.Single(page.Items, i => i.NoteId == note.Id && i.Kind == NotificationKind.Like);
        Assert.Equal(3, group.Count);
        Assert.False(group.Read);
        Assert.Equal("dave", group.Actors[0].UserId);
        Assert.Equal(2, await Inbox.UnreadAsync(alice));
    }

    [Fact]
    public async Task Nobody_is_notified_of_what_they_did_themselves()
    {
        var alice = _platform.ClientFor("alice");
        var note = await Api.CreateNoteAsync(alice, new { title = "自己的笔记", body = "" });
        (await alice.PutAsync($"/api/notes/{note.Id}/like", null)).EnsureSuccessStatusCode();
        (await alice.PutAsync($"/api/notes/{note.Id}/collect", null)).EnsureSuccessStatusCode();
        await Api.ReadAsync<CommentView>(await alice.PostAsJsonAsync($"/api/notes/{note.Id}/comments", new { body = "补充一下" }), HttpStatusCode.Created);
        (await _platform.ClientFor("bob").PutAsync($"/api/notes/{note.Id}/like", null)).EnsureSuccessStatusCode();

        await Inbox.WaitForAsync(alice, p => p.Items.Any(i => i.Kind == NotificationKind.Like));
        await Inbox.DrainAsync(_platform);
        var page = await Inbox.ReadAsync(alice);
        var like = Assert.Single(page.Items);
        Assert.Equal(["bob"], like.Actors.Select(a => a.UserId));
        Assert.Equal(1, like.Count);
    }

    [Fact]
    public async Task The_unread_count_answers_304_while_nothing_changed_and_200_with_a_new_ETag_when_it_did()
    {
        var alice = _platform.ClientFor("alice");
        var first = await alice.GetAsync("/api/me/notifications/unread-count");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!;
        Assert.Equal(0, (await first.Content.ReadFromJsonAsync<UnreadCount>())!.Unread);

        Assert.Equal(HttpStatusCode.NotModified, (await CountAsync(alice, etag)).StatusCode);

        (await _platform.ClientFor("bob").PutAsync("/api/users/alice/follow", null)).EnsureSuccessStatusCode();
        await Inbox.WaitForAsync(alice, p => p.Unread == 1);
        var changed = await CountAsync(alice, etag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal(1, (await changed.Content.ReadFromJsonAsync<UnreadCount>())!.Unread);
        Assert.Equal(HttpStatusCode.NotModified, (await CountAsync(alice, changed.Headers.ETag!)).StatusCode);
    }

    [Fact]
    public async Task The_inbox_pages_newest_first_and_read_all_clears_the_count()
    {
        var alice = _platform.ClientFor("alice");
        string[] followers = ["f1", "f2", "f3", "f4", "f5"];
        foreach (var follower in followers)
        {
            (await _platform.ClientFor(follower).PutAsync("/api/users/alice/follow", null)).EnsureSuccessStatusCode();
        }

        await Inbox.WaitForAsync(alice, p => p.Unread == 5);
        var seen = new List<NotificationView>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await Inbox.ReadAsync(alice, "/api/me/notifications?pageSize=2" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation)));
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items);
            continuation = page.Continuation;
            pages++;
        }
        while (continuation is not null);

        Assert.Equal(3, pages);
        Assert.Equal(followers.Order(), seen.Select(n => n.Actors.Single().UserId).Order());
        Assert.All(seen, n => Assert.Equal(NotificationKind.Follow, n.Kind));
        Assert.Equal(seen.OrderByDescending(n => n.UpdatedAt).ThenByDescending(n => n.Id, StringComparer.Ordinal).Select(n => n.Id), seen.Select(n => n.Id));

        var result = await Api.ReadAsync<MarkReadResult>(await alice.PostAsync("/api/me/notifications/read-all", null));
        Assert.Equal(5, result.Marked);
        Assert.Equal(0, result.Unread);
        Assert.Empty((await Inbox.ReadAsync(alice, "/api/me/notifications?unread=true")).Items);
        Assert.Equal(0, (await Api.ReadAsync<MarkReadResult>(await alice.PostAsync("/api/me/notifications/read-all", null))).Marked);

        // Another's notification, or none, does not exist for the caller.
        await AssertProblem(await _platform.ClientFor("bob").PostAsync($"/api/me/notifications/{seen[0].Id}/read", null), HttpStatusCode.NotFound, "notification.not_found");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _platform.CreateClient().GetAsync("/api/me/notifications")).StatusCode);
    }

    [Fact]
    public async Task Comments_replies_and_mentions_reach_the_note_author_the_person_answered_and_the_person_named()
    {
        var alice = _platform.ClientFor("alice");
        var bob = _platform.ClientFor("bob");
        var erin = _platform.ClientFor("erin");
        (await erin.PutAsJsonAsync("/api/me/profile", new { displayName = "Erin Moss" })).EnsureSuccessStatusCode();

        // The lookup behind autocomplete finds her by a prefix of her name, any case, spaces ignored.
        var found = await Api.ReadAsync<DirectoryPage>(await bob.GetAsync("/api/users?prefix=erinm"));
        Assert.Equal("erin", Assert.Single(found.Items).UserId);
        Assert.Equal("Erin Moss", found.Items[0].DisplayName);

        var note = await Api.CreateNoteAsync(alice, new { title = "周末去哪", body = "问问 @ErinMoss 和 @nobody" });
        var mention = Assert.Single(note.Mentions!);
        Assert.Equal(new Mention("erin", "ErinMoss", 3, 9), mention);

        var comment = await Api.ReadAsync<CommentView>(await bob.PostAsJsonAsync($"/api/notes/{note.Id}/comments", new { body = "同问 @ErinMoss" }), HttpStatusCode.Created);
        Assert.Equal("erin", Assert.Single(comment.Mentions!).UserId);
        await Api.ReadAsync<CommentView>(await alice.PostAsJsonAsync($"/api/notes/{note.Id}/comments", new { body = "去露营", parentId = comment.Id }), HttpStatusCode.Created);

        var aliceInbox = await Inbox.WaitForAsync(alice, p => p.Items.Any(i => i.Kind == NotificationKind.Comment));
        var commented = Assert.Single(aliceInbox.Items);
        Assert.Equal((NotificationKind.Comment, comment.Id, note.Id, "bob"), (commented.Kind, commented.CommentId, commented.NoteId, commented.Actors[0].UserId));

        var bobInbox = await Inbox.WaitForAsync(bob, p => p.Items.Any(i => i.Kind == NotificationKind.Reply));
        Assert.Equal("alice", Assert.Single(bobInbox.Items).Actors[0].UserId);

        var erinInbox = await Inbox.WaitForAsync(erin, p => p.Items.Count(i => i.Kind == NotificationKind.Mention) == 2);
        Assert.Contains(erinInbox.Items, i => i.CommentId is null && i.NoteId == note.Id && i.Actors[0].UserId == "alice");
        Assert.Contains(erinInbox.Items, i => i.CommentId == comment.Id && i.Actors[0] == new NotificationActor("bob", "bob"));
    }

    [Fact]
    public async Task A_brand_inbox_is_for_its_members_only()
    {
        var member = _platform.ClientFor("lee", ["brand"], ["acme"]);
        Assert.Equal(0, await Inbox.UnreadAsync(member, "/api/brands/acme/notifications/unread-count"));
        await AssertProblem(await _platform.ClientFor("bob").GetAsync("/api/brands/acme/notifications"), HttpStatusCode.Forbidden, "brand.not_member");
        await AssertProblem(await _platform.ClientFor("kim", ["brand"], ["other"]).GetAsync("/api/brands/acme/notifications/unread-count"),
            HttpStatusCode.Forbidden, "brand.not_member");
    }

    private static Task<HttpResponseMessage> CountAsync(HttpClient client, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/me/notifications/unread-count");
        request.Headers.IfNoneMatch.Add(etag);
        return client.SendAsync(request);
    }

    public void Dispose() => _platform.Dispose();
}
