using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Community;
using Platform.Core.Notes;
using Platform.Core.Storage;
using Platform.Tests.Support;
using static Platform.Tests.Notes.NotesApiTests;

namespace Platform.Tests.Community;

/// <summary>Likes, collects and boards, follows, profiles and the following view over HTTP on the embedded host.</summary>
public sealed class EngagementApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task Liking_is_idempotent_and_the_note_shows_counts_and_the_callers_state()
    {
        var alice = _platform.ClientFor("alice");
        var bob = _platform.ClientFor("bob");
        var note = await Api.CreateNoteAsync(alice, new { title = "早餐", body = "燕麦配酸奶" });

        var first = await Api.ReadAsync<LikeResult>(await Api.PutAsync(bob, $"/api/notes/{note.Id}/like"));
        var again = await Api.ReadAsync<LikeResult>(await Api.PutAsync(bob, $"/api/notes/{note.Id}/like"));
        Assert.Equal(new LikeResult(true, true, 1), first);
        Assert.Equal(new LikeResult(true, false, 1), again);

        var seenByBob = await Api.ReadAsync<NoteResponse>(await bob.GetAsync($"/api/notes/{note.Id}"));
        Assert.Equal(new NoteStats(1, 0, 0), seenByBob.Stats);
        Assert.Equal(new NoteViewerState(true, false, null), seenByBob.Viewer);
        var anonymous = await Api.ReadAsync<NoteResponse>(await _platform.CreateClient().GetAsync($"/api/notes/{note.Id}"));
        Assert.Null(anonymous.Viewer);
        Assert.Equal(1, anonymous.Stats!.Likes);

        Assert.Equal(new LikeResult(false, true, 0), await Api.ReadAsync<LikeResult>(await bob.DeleteAsync($"/api/notes/{note.Id}/like")));
        Assert.Equal(new LikeResult(false, false, 0), await Api.ReadAsync<LikeResult>(await bob.DeleteAsync($"/api/notes/{note.Id}/like")));
        await AssertProblem(await _platform.CreateClient().PutAsync($"/api/notes/{note.Id}/like", null), HttpStatusCode.Unauthorized, "auth.required");
        await AssertProblem(await bob.PutAsync("/api/notes/nope/like", null), HttpStatusCode.NotFound, "note.not_found");
    }

    [Fact]
    public async Task Concurrent_likes_and_unlikes_from_many_users_end_with_counts_equal_to_the_truth()
    {
        var author = _platform.ClientFor("author");
        var notes = new[]
        {
            await Api.CreateNoteAsync(author, new { title = "热门一", body = "" }),
            await Api.CreateNoteAsync(author, new { title = "热门二", body = "" }),
        };

        // 40 users, each toggling likes on both notes in a random order; all requests in flight together.
        var random = new Random(7);
        var plans = Enumerable.Range(0, 40).Select(u => (User: $"u{u}", Ops: Enumerable.Range(0, 6)
            .Select(_ => (Note: notes[random.Next(2)].Id, Like: random.Next(3) > 0)).ToList())).ToList();
        var clients = plans.ToDictionary(p => p.User, p => _platform.ClientFor(p.User));
        await Task.WhenAll(plans.Select(async plan =>
        {
            foreach (var (noteId, like) in plan.Ops)
            {
                var response = like
                    ? await clients[plan.User].PutAsync($"/api/notes/{noteId}/like", null)
                    : await clients[plan.User].DeleteAsync($"/api/notes/{noteId}/like");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }));

        // The truth: each user's last action per note.
        var store = _platform.Services.GetRequiredService<IDocumentStore>();
        var expectedTotal = 0L;
        foreach (var note in notes)
        {
            var expected = plans.Count(p => p.Ops.LastOrDefault(o => o.Note == note.Id) is { Note: not null, Like: true });
            var stored = await store.QueryAsync<Like>(Collections.Likes,
                new DocumentQuery { PartitionKey = note.Id, Where = [new("active", true)], OrderBy = "changedAt", Limit = 500 }, default);
            var read = await Api.ReadAsync<NoteResponse>(await author.GetAsync($"/api/notes/{note.Id}"));
            Assert.Equal(expected, stored.Items.Count);
            Assert.Equal(expected, read.Stats!.Likes);
            expectedTotal += expected;
        }

        var profile = await Api.ReadAsync<ProfileView>(await author.GetAsync("/api/users/author"));
        Assert.Equal(expectedTotal, profile.Counts.LikesReceived);
        Assert.Equal(0, await _platform.Services.GetRequiredService<CounterSweeper>().SweepAsync(default));
    }

    [Fact]
    public async Task Collects_go_to_named_boards_move_between_them_and_private_boards_stay_private()
    {
        var alice = _platform.ClientFor("alice");
        var bob = _platform.ClientFor("bob");
        var note = await Api.CreateNoteAsync(alice, new { title = "穿搭", body = "" });

        var board = await Api.ReadAsync<BoardView>(await bob.PostAsJsonAsync("/api/me/boards", new { name = "夏天" }), HttpStatusCode.Created);
        var secret = await Api.ReadAsync<BoardView>(await bob.PostAsJsonAsync("/api/me/boards", new { name = "私藏", @private = true }), HttpStatusCode.Created);

        var saved = await Api.ReadAsync<CollectResult>(await bob.PutAsJsonAsync($"/api/notes/{note.Id}/collect", new { boardId = board.Id }));
        Assert.Equal(new CollectResult(true, true, board.Id, 1), saved);
        Assert.False((await Api.ReadAsync<CollectResult>(await bob.PutAsJsonAsync($"/api/notes/{note.Id}/collect", new { boardId = board.Id }))).Changed);

        var moved = await Api.ReadAsync<CollectResult>(await bob.PutAsJsonAsync($"/api/notes/{note.Id}/collect", new { boardId = secret.Id }));
        Assert.Equal(new CollectResult(true, true, secret.Id, 1), moved);

        var own = await Api.ReadAsync<List<BoardView>>(await bob.GetAsync("/api/users/bob/boards"));
        Assert.Equal([(Board.DefaultId, 0L), (board.Id, 0L), (secret.Id, 1L)], own.Select(b => (b.Id, b.Notes)));
        var others = await Api.ReadAsync<List<BoardView>>(await alice.GetAsync("/api/users/bob/boards"));
        Assert.DoesNotContain(others, b => b.Id == secret.Id);
        await AssertProblem(await alice.GetAsync($"/api/users/bob/boards/{secret.Id}/notes"), HttpStatusCode.NotFound, "board.not_found");
        var inSecret = await Api.ReadAsync<Page<NoteResponse>>(await bob.GetAsync($"/api/users/bob/boards/{secret.Id}/notes"));
        Assert.Equal(note.Id, Assert.Single(inSecret.Items).Id);
        Assert.Equal(new NoteViewerState(false, true, secret.Id), (await Api.ReadAsync<NoteResponse>(await bob.GetAsync($"/api/notes/{note.Id}"))).Viewer);

        // Collecting without a board uses the default one; deleting a board uncollects what it held.
        var other = await Api.CreateNoteAsync(alice, new { title = "包包", body = "" });
        Assert.Equal(Board.DefaultId, (await Api.ReadAsync<CollectResult>(await Api.PutAsync(bob, $"/api/notes/{other.Id}/collect"))).BoardId);
        Assert.Equal(HttpStatusCode.NoContent, (await bob.DeleteAsync($"/api/me/boards/{secret.Id}")).StatusCode);
        Assert.Equal(0, (await Api.ReadAsync<NoteResponse>(await bob.GetAsync($"/api/notes/{note.Id}"))).Stats!.Collects);
        var profile = await Api.ReadAsync<ProfileView>(await bob.GetAsync("/api/users/alice"));
        Assert.Equal(1, profile.Counts.CollectsReceived);
        await AssertProblem(await bob.DeleteAsync($"/api/me/boards/{Board.DefaultId}"), HttpStatusCode.BadRequest, "board.default_kept");
        await AssertProblem(await bob.PutAsJsonAsync($"/api/notes/{note.Id}/collect", new { boardId = "missing" }), HttpStatusCode.NotFound, "board.not_found");
    }

    [Fact]
    public async Task Follows_are_counted_listed_and_feed_the_following_view_newest_first_across_pages()
    {
        var reader = _platform.ClientFor("reader");
        var authors = new[] { "amy", "ben", "cat" };
        var expected = new List<string>();
        foreach (var round in Enumerable.Range(1, 3))
        {
            foreach (var author in authors)
            {
                expected.Add((await Api.CreateNoteAsync(_platform.ClientFor(author), new { title = $"{author} {round}", body = "" })).Title);
            }
        }

        await Api.CreateNoteAsync(_platform.ClientFor("stranger"), new { title = "not followed", body = "" });
        await Api.CreateNoteAsync(_platform.ClientFor("amy"), new { title = "amy private", body = "", visibility = "Private" });
        foreach (var author in authors)
        {
            Assert.True((await Api.ReadAsync<FollowResult>(await Api.PutAsync(reader, $"/api/users/{author}/follow"))).Changed);
        }

        Assert.False((await Api.ReadAsync<FollowResult>(await Api.PutAsync(reader, "/api/users/amy/follow"))).Changed);
        await AssertProblem(await Api.PutAsync(reader, "/api/users/reader/follow"), HttpStatusCode.BadRequest, "follow.self");

        var titles = new List<string>();
        string? continuation = null;
        do
        {
            var page = await Api.ReadAsync<Page<NoteResponse>>(await reader.GetAsync(
                "/api/me/following/notes?pageSize=4" + (continuation is null ? "" : "&continuation=" + continuation)));
            Assert.True(page.Items.Count <= 4);
            titles.AddRange(page.Items.Select(n => n.Title));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        expected.Reverse();
        Assert.Equal(expected, titles);

        var amy = await Api.ReadAsync<ProfileView>(await reader.GetAsync("/api/users/amy"));
        Assert.Equal(1, amy.Counts.Followers);
        Assert.True(amy.FollowedByViewer);
        Assert.Equal(3, (await Api.ReadAsync<ProfileView>(await reader.GetAsync("/api/users/reader"))).Counts.Following);
        var followers = await Api.ReadAsync<Page<UserSummary>>(await reader.GetAsync("/api/users/amy/followers"));
        Assert.Equal("reader", Assert.Single(followers.Items).UserId);
        Assert.Equal(3, (await Api.ReadAsync<Page<UserSummary>>(await reader.GetAsync("/api/users/reader/following"))).Items.Count);

        Assert.Equal(new FollowResult(false, true, 0), await Api.ReadAsync<FollowResult>(await reader.DeleteAsync("/api/users/amy/follow")));
        Assert.DoesNotContain((await Api.ReadAsync<Page<NoteResponse>>(await reader.GetAsync("/api/me/following/notes?pageSize=50"))).Items, n => n.AuthorId == "amy");
        await AssertProblem(await reader.GetAsync("/api/me/following/notes?continuation=forged"), HttpStatusCode.BadRequest, "request.invalid_continuation");
    }

    [Fact]
    public async Task A_profile_holds_a_name_and_a_bio_and_refuses_contact_details()
    {
        var alice = _platform.ClientFor("alice");
        var updated = await Api.ReadAsync<ProfileView>(await alice.PutAsJsonAsync("/api/me/profile", new { displayName = "爱丽丝", bio = "护肤爱好者" }));
        Assert.Equal(("爱丽丝", "护肤爱好者"), (updated.DisplayName, updated.Bio));
        Assert.Equal("爱丽丝", (await Api.ReadAsync<ProfileView>(await _platform.CreateClient().GetAsync("/api/users/alice"))).DisplayName);

        var refused = await AssertProblem(await alice.PutAsJsonAsync("/api/me/profile", new { bio = "合作加微信 alice2024" }), HttpStatusCode.UnprocessableEntity, "integrity.rejected");
        Assert.Contains(refused.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "contact.wechat");
    }

    [Fact]
    public async Task Counter_changes_left_pending_by_a_crash_are_applied_once_by_the_sweeper()
    {
        var note = await Api.CreateNoteAsync(_platform.ClientFor("alice"), new { title = "x", body = "" });
        var store = _platform.Services.GetRequiredService<IDocumentStore>();
        var counters = _platform.Services.GetRequiredService<CounterStore>();

        // A like written, then the process died before its counter changes were applied.
        var op = new CounterOp(CounterOp.NewId(), Subjects.Note(note.Id), CounterNames.Likes, 1);
        await store.CreateAsync(Collections.Likes, note.Id, "crashed", new Like
        {
            NoteId = note.Id, UserId = "crashed", NoteAuthorId = "alice", ChangedAt = DateTimeOffset.UtcNow, PendingCounts = [op],
        }, default);

        // Applying the same operation again (a retry racing the sweeper) counts once.
        await counters.ApplyAsync([op], default);
        Assert.Equal(1, await _platform.Services.GetRequiredService<CounterSweeper>().SweepAsync(default));
        await counters.ApplyAsync([op], default);

        Assert.Equal(1, (await counters.ReadAsync(Subjects.Note(note.Id), default))[CounterNames.Likes]);
        Assert.False((await store.FindAsync<Like>(Collections.Likes, note.Id, "crashed", default))!.Value.HasPendingCounts);
        Assert.Equal(0, await _platform.Services.GetRequiredService<CounterSweeper>().SweepAsync(default));

        // The crashed user's unlike goes through the normal path and the count follows.
        var client = _platform.ClientFor("crashed");
        Assert.Equal(new LikeResult(false, true, 0), await Api.ReadAsync<LikeResult>(await client.DeleteAsync($"/api/notes/{note.Id}/like")));
    }

    public void Dispose() => _platform.Dispose();
}
