using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Community;
using Platform.Core.Integrity;
using Platform.Core.Notes;
using Platform.Tests.Notes;
using Platform.Tests.Support;

namespace Platform.Tests.Community;

/// <summary>
/// Probe: any three fresh accounts hid any note (<c>HoldAfterReports</c>), and the author's edit did not release it. Reports
/// are now weighed by the reporter's standing (account age, past accuracy) and rate-limited.
/// </summary>
public sealed class ReportBrigadingTests : IDisposable
{
    private static readonly string[] Moderator = ["moderator"];
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly EmbeddedPlatform _platform;

    public ReportBrigadingTests() => _platform = new EmbeddedPlatform(services: s => s.AddSingleton<TimeProvider>(_clock));

    [Fact]
    public async Task Three_fresh_accounts_put_a_note_in_the_queue_but_cannot_hide_it()
    {
        var note = await Api.CreateNoteAsync(_platform.ClientFor("alice"), new { title = "旅行日记", body = "" });
        foreach (var sock in new[] { "sock1", "sock2", "sock3" })
        {
            await ReportAsync(_platform.ClientFor(sock), note.Id);
        }

        Assert.Equal(HttpStatusCode.OK, (await _platform.ClientFor("bob").GetAsync($"/api/notes/{note.Id}")).StatusCode);
        var queued = Assert.Single((await Api.ReadAsync<QueuePage>(await _platform.ClientFor("mod", Moderator).GetAsync("/api/moderation/cases"))).Items);
        Assert.Equal((3, 0, (HoldReason?)null), (queued.Case.OpenReports, queued.Case.WeightedOpenReports, queued.Case.HeldFor));
    }

    [Fact]
    public async Task Established_reporters_hide_a_note_and_the_authors_edit_makes_it_visible_again_still_queued()
    {
        var alice = _platform.ClientFor("alice");
        var bob = _platform.ClientFor("bob");
        var moderator = _platform.ClientFor("mod", Moderator);
        var reporters = await EstablishedAsync("r1", "r2", "r3");
        var note = await Api.CreateNoteAsync(alice, new { title = "旅行日记", body = "" });

        foreach (var reporter in reporters)
        {
            await ReportAsync(reporter, note.Id);
        }

        await AssertProblem(await bob.GetAsync($"/api/notes/{note.Id}"), HttpStatusCode.NotFound, "note.not_found");
        var own = await Api.ReadAsync<NoteResponse>(await alice.GetAsync($"/api/notes/{note.Id}"));
        Assert.Equal(NoteStatus.Held, own.Status);

        await Api.ReadAsync<NoteResponse>(await Api.PatchNoteAsync(alice, own, new { body = "补充了行程细节" }));
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/api/notes/{note.Id}")).StatusCode);
        var queued = Assert.Single((await Api.ReadAsync<QueuePage>(await moderator.GetAsync("/api/moderation/cases"))).Items);
        Assert.Equal((3, 0, (HoldReason?)null), (queued.Case.OpenReports, queued.Case.WeightedOpenReports, queued.Case.HeldFor));
    }

    [Fact]
    public async Task A_comment_hidden_by_established_reporters_is_visible_again_once_its_author_edits_it()
    {
        var note = await Api.CreateNoteAsync(_platform.ClientFor("alice"), new { title = "咖啡", body = "" });
        var bob = _platform.ClientFor("bob");
        var url = $"/api/notes/{note.Id}/comments";
        var comment = await Api.ReadAsync<CommentView>(await bob.PostAsJsonAsync(url, new { body = "不好喝" }), HttpStatusCode.Created);
        var reader = _platform.CreateClient();
        var reporters = await EstablishedAsync("r1", "r2", "r3");

        foreach (var reporter in reporters)
        {
            await Api.ReadAsync<ReportResult>(await reporter.PostAsJsonAsync($"{url}/{comment.Id}/reports", new { reason = "Harassment" }));
        }

        Assert.Empty((await Api.ReadAsync<Page<CommentView>>(await reader.GetAsync(url))).Items);
        await Api.ReadAsync<CommentView>(await Api.PatchAsync(bob, $"{url}/{comment.Id}", new { body = "个人口味，不太喜欢" }));
        Assert.Equal(comment.Id, Assert.Single((await Api.ReadAsync<Page<CommentView>>(await reader.GetAsync(url))).Items).Id);
    }

    [Fact]
    public async Task A_reporter_whose_reports_moderators_keep_dismissing_no_longer_hides_anything()
    {
        var alice = _platform.ClientFor("alice");
        var bob = _platform.ClientFor("bob");
        var moderator = _platform.ClientFor("mod", Moderator);
        var reporters = await EstablishedAsync("wolf", "r2", "r3");
        for (var i = 0; i < ReporterStanding.DecidedReportsForAccuracy; i++)
        {
            var fine = await Api.CreateNoteAsync(alice, new { title = $"日常 {i}", body = "" });
            await ReportAsync(reporters[0], fine.Id);
            await Api.ReadAsync<QueueItem>(await moderator.PostAsJsonAsync($"/api/moderation/cases/note-{fine.Id}/decision", new { verdict = "Approved" }));
        }

        var note = await Api.CreateNoteAsync(alice, new { title = "旅行日记", body = "" });
        foreach (var reporter in reporters)
        {
            await ReportAsync(reporter, note.Id);
        }

        // Two good reporters of three needed, and the wolf's report weighs nothing.
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/api/notes/{note.Id}")).StatusCode);
    }

    [Fact]
    public async Task Reports_are_rate_limited_per_reporter()
    {
        var alice = _platform.ClientFor("alice");
        var spammer = _platform.ClientFor("spammer");
        var notes = new List<NoteResponse>();
        for (var i = 0; i < 12; i++)
        {
            notes.Add(await Api.CreateNoteAsync(alice, new { title = $"笔记 {i}", body = "" }));
        }

        for (var i = 0; i < 10; i++)
        {
            await ReportAsync(spammer, notes[i].Id);
        }

        await AssertProblem(await spammer.PostAsJsonAsync($"/api/notes/{notes[10].Id}/reports", new { reason = "Spam" }),
            HttpStatusCode.TooManyRequests, "report.rate_limited");
        _clock.Advance(TimeSpan.FromHours(1));
        await ReportAsync(spammer, notes[11].Id);
    }

    /// <summary>Users who posted a note eight days ago (past the 7-day minimum age); clients made before the clock moves.</summary>
    private async Task<HttpClient[]> EstablishedAsync(params string[] userIds)
    {
        var clients = userIds.Select(id => _platform.ClientFor(id)).ToArray();
        foreach (var client in clients)
        {
            await Api.CreateNoteAsync(client, new { title = "第一篇", body = "" });
        }

        _clock.Advance(TimeSpan.FromDays(8));
        return clients;
    }

    private static async Task ReportAsync(HttpClient reporter, string noteId) =>
        Assert.True((await Api.ReadAsync<ReportResult>(await reporter.PostAsJsonAsync($"/api/notes/{noteId}/reports", new { reason = "Spam" }))).Changed);

    public void Dispose() => _platform.Dispose();
}
