using System.Net;
using System.Net.Http.Json;
using Platform.Core.Community;
using Platform.Core.Integrity;
using Platform.Core.Notes;
using Platform.Tests.Support;
using static Platform.Tests.Notes.NotesApiTests;

namespace Platform.Tests.Community;

/// <summary>Appeals, the audit log and strikes over HTTP: what authors and moderators can rely on.</summary>
public sealed class ModerationFlowTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new(new Dictionary<string, string?>
    {
        ["Platform:Moderation:StrikeThreshold"] = "2",
        ["Platform:Moderation:RestrictionDays"] = "7",
    });

    [Fact]
    public async Task An_author_appeals_once_a_different_moderator_decides_and_both_decisions_are_kept_without_moderator_ids()
    {
        var alice = _platform.ClientFor("alice");
        var first = _platform.ClientFor("mod-first", ["moderator"]);
        var second = _platform.ClientFor("mod-second", ["moderator"]);
        var note = await Api.CreateNoteAsync(alice, new { title = "福利", body = "扫码领取小样" });
        var caseId = $"note-{note.Id}";
        await Api.ReadAsync<QueueItem>(await first.PostAsJsonAsync($"/api/moderation/cases/{caseId}/decision", new { verdict = "Rejected", reason = "引流到站外" }));

        // Probe 5: the author sees the decision and its reason, never who made it.
        var seen = await alice.GetAsync($"/api/notes/{note.Id}");
        var text = await seen.Content.ReadAsStringAsync();
        Assert.Contains("引流到站外", text, StringComparison.Ordinal);
        Assert.DoesNotContain("mod-first", text, StringComparison.Ordinal);
        Assert.DoesNotContain("moderatorId", text, StringComparison.Ordinal);

        await AssertProblem(await alice.PostAsJsonAsync($"/api/notes/{note.Id}/appeal", new { reason = " " }), HttpStatusCode.BadRequest, "appeal.reason_required");
        await AssertProblem(await _platform.ClientFor("bob").PostAsJsonAsync($"/api/notes/{note.Id}/appeal", new { reason = "x" }), HttpStatusCode.NotFound, "note.not_found");
        var appealed = await alice.PostAsJsonAsync($"/api/notes/{note.Id}/appeal", new { reason = "只是分享领取方式，没有站外联系方式" });
        var appealedText = await appealed.Content.ReadAsStringAsync();
        Assert.True(appealed.StatusCode == HttpStatusCode.OK, appealedText);
        Assert.DoesNotContain("mod-first", appealedText, StringComparison.Ordinal);
        await AssertProblem(await alice.PostAsJsonAsync($"/api/notes/{note.Id}/appeal", new { reason = "again" }), HttpStatusCode.Conflict, "appeal.already_made");

        // The appeal is in the queue; the first moderator may not decide it.
        var queued = Assert.Single((await Api.ReadAsync<QueuePage>(await second.GetAsync("/api/moderation/cases"))).Items);
        Assert.Equal((caseId, true), (queued.Case.Id, queued.Case.Appeal!.IsPending));
        await AssertProblem(await first.PostAsJsonAsync($"/api/moderation/cases/{caseId}/decision", new { verdict = "Approved" }),
            HttpStatusCode.Forbidden, "moderation.appeal_needs_another_moderator");
        await Api.ReadAsync<QueueItem>(await second.PostAsJsonAsync($"/api/moderation/cases/{caseId}/decision", new { verdict = "Approved", reason = "领取方式不算引流" }));

        var after = await alice.GetAsync($"/api/notes/{note.Id}");
        var afterText = await after.Content.ReadAsStringAsync();
        var view = await Api.ReadAsync<NoteResponse>(after);
        Assert.Equal(NoteStatus.Published, view.Status);
        var appeal = view.Moderation!.Appeal!;
        Assert.Equal((ModerationVerdict.Rejected, "引流到站外"), (appeal.Original.Verdict, appeal.Original.Reason));
        Assert.Equal((ModerationVerdict.Approved, "领取方式不算引流"), (appeal.Decision!.Verdict, appeal.Decision.Reason));
        Assert.DoesNotContain("mod-first", afterText, StringComparison.Ordinal);
        Assert.DoesNotContain("mod-second", afterText, StringComparison.Ordinal);

        // The audit log has both decisions: who, when, what, which rule, why. Authors cannot read it.
        var log = await Api.ReadAsync<AuditPage>(await first.GetAsync($"/api/moderation/audit?caseId={caseId}"));
        Assert.Equal([AuditAction.AppealDecision, AuditAction.Decision], log.Items.Select(e => e.Action));
        Assert.Equal(("mod-second", ModerationVerdict.Approved, "alice"), (log.Items[0].ModeratorId, log.Items[0].Verdict, log.Items[0].SubjectUserId));
        Assert.Equal(("mod-first", ModerationVerdict.Rejected, "引流到站外"), (log.Items[1].ModeratorId, log.Items[1].Verdict, log.Items[1].Reason));
        Assert.Contains(IntegrityRules.QrCode, log.Items[1].Rules);
        Assert.True(log.Items[0].At >= log.Items[1].At);
        await AssertProblem(await alice.GetAsync("/api/moderation/audit"), HttpStatusCode.Forbidden, "moderation.moderator_only");

        // Overturned on appeal: the rejection is no strike.
        Assert.Equal(0, (await Api.ReadAsync<StandingView>(await alice.GetAsync("/api/me/standing"))).RecentStrikes);
        await AssertProblem(await alice.PostAsJsonAsync($"/api/notes/{note.Id}/appeal", new { reason = "x" }), HttpStatusCode.Conflict, "appeal.already_made");
        var clean = await Api.CreateNoteAsync(alice, new { title = "早餐", body = "燕麦" });
        await AssertProblem(await alice.PostAsJsonAsync($"/api/notes/{clean.Id}/appeal", new { reason = "x" }), HttpStatusCode.Conflict, "appeal.not_rejected");
    }

    [Fact]
    public async Task Repeated_rejections_restrict_the_account_until_a_moderator_lifts_it()
    {
        var carol = _platform.ClientFor("carol");
        var moderator = _platform.ClientFor("mod", ["moderator"]);
        foreach (var title in new[] { "福利一", "福利二" })
        {
            var held = await Api.CreateNoteAsync(carol, new { title, body = "扫码领取小样" });
            await Api.ReadAsync<QueueItem>(await moderator.PostAsJsonAsync($"/api/moderation/cases/note-{held.Id}/decision", new { verdict = "Rejected", reason = "引流" }));
        }

        var standing = await Api.ReadAsync<StandingView>(await carol.GetAsync("/api/me/standing"));
        Assert.True(standing.Restricted);
        Assert.Contains("rejected", standing.Reason, StringComparison.Ordinal);
        Assert.InRange(standing.Until!.Value - DateTimeOffset.UtcNow, TimeSpan.FromDays(6.9), TimeSpan.FromDays(7));

        // Everything new waits for a moderator, notes and comments alike, and says why.
        var note = await Api.CreateNoteAsync(carol, new { title = "早餐", body = "燕麦" });
        Assert.Equal((NoteStatus.Held, HoldReason.Restricted), (note.Status, note.Moderation!.HeldFor));
        var other = await Api.CreateNoteAsync(_platform.ClientFor("dave"), new { title = "午餐", body = "面" });
        var comment = await Api.ReadAsync<CommentView>(await carol.PostAsJsonAsync($"/api/notes/{other.Id}/comments", new { body = "看起来不错" }), HttpStatusCode.Created);
        Assert.Equal(CommentStatus.Held, comment.Status);

        await AssertProblem(await carol.PostAsJsonAsync("/api/moderation/users/carol/restriction/lift", new { }), HttpStatusCode.Forbidden, "moderation.moderator_only");
        Assert.True((await Api.ReadAsync<StandingView>(await moderator.GetAsync("/api/moderation/users/carol/standing"))).Restricted);
        var lifted = await Api.ReadAsync<StandingView>(await moderator.PostAsJsonAsync("/api/moderation/users/carol/restriction/lift", new { reason = "appealed by mail" }));
        Assert.False(lifted.Restricted);
        await AssertProblem(await moderator.PostAsJsonAsync("/api/moderation/users/carol/restriction/lift", new { }), HttpStatusCode.Conflict, "moderation.not_restricted");
        var entry = (await Api.ReadAsync<AuditPage>(await moderator.GetAsync("/api/moderation/audit?userId=carol"))).Items[0];
        Assert.Equal((AuditAction.RestrictionLifted, "mod", "appealed by mail"), (entry.Action, entry.ModeratorId, entry.Reason));

        Assert.Equal(NoteStatus.Published, (await Api.CreateNoteAsync(carol, new { title = "晚餐", body = "汤" })).Status);
    }

    [Fact]
    public async Task A_rejected_comment_is_appealed_the_same_way()
    {
        var dave = _platform.ClientFor("dave");
        var erin = _platform.ClientFor("erin");
        var note = await Api.CreateNoteAsync(dave, new { title = "午餐", body = "面" });
        var comment = await Api.ReadAsync<CommentView>(await erin.PostAsJsonAsync($"/api/notes/{note.Id}/comments", new { body = "扫码领取小样" }), HttpStatusCode.Created);
        Assert.Equal(CommentStatus.Held, comment.Status);
        var caseId = $"comment-{comment.Id}";
        await Api.ReadAsync<QueueItem>(await _platform.ClientFor("mod-a", ["moderator"]).PostAsJsonAsync($"/api/moderation/cases/{caseId}/decision", new { verdict = "Rejected", reason = "引流" }));

        var url = $"/api/notes/{note.Id}/comments/{comment.Id}/appeal";
        await AssertProblem(await dave.PostAsJsonAsync(url, new { reason = "not mine" }), HttpStatusCode.NotFound, "comment.not_found");
        var appealed = await Api.ReadAsync<ModeratedItem>(await erin.PostAsJsonAsync(url, new { reason = "是分享不是广告" }));
        Assert.Equal(("是分享不是广告", null), (appealed.Moderation!.Appeal!.Reason, appealed.Moderation.Appeal.Original.ModeratorId));

        var decided = await Api.ReadAsync<QueueItem>(await _platform.ClientFor("mod-b", ["moderator"]).PostAsJsonAsync($"/api/moderation/cases/{caseId}/decision", new { verdict = "Rejected", reason = "仍是引流" }));
        Assert.Equal((ModerationVerdict.Rejected, "仍是引流"), (decided.Case.Appeal!.Decision!.Verdict, decided.Case.Appeal.Decision.Reason));
        Assert.Equal(1, (await Api.ReadAsync<StandingView>(await erin.GetAsync("/api/me/standing"))).RecentStrikes); // one case, one strike
    }

    public void Dispose() => _platform.Dispose();
}
