using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Community;
using Platform.Core.Integrity;
using Platform.Core.Notes;
using Platform.Tests.Support;
using static Platform.Tests.Notes.NotesApiTests;

using Platform.Tests.Commerce;

namespace Platform.Tests.Community;

/// <summary>Integrity rules on notes and comments, the moderation queue, reports and disclosure, over HTTP.</summary>
public sealed class IntegrityApiTests : IDisposable
{
    private static readonly string[] Moderator = ["moderator"];
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task A_rejected_note_is_refused_with_the_rule_and_the_span_in_the_original_text()
    {
        var alice = _platform.ClientFor("alice");
        const string body = "想要同款的加我微信：meimei_2024 哦";
        var problem = await AssertProblem(await alice.PostAsJsonAsync("/api/notes", new { title = "好物", body }),
            HttpStatusCode.UnprocessableEntity, "integrity.rejected");

        var finding = Assert.Single(problem.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == IntegrityRules.WeChat);
        var start = finding.GetProperty("start").GetInt32();
        var length = finding.GetProperty("length").GetInt32();
        Assert.Equal("body", finding.GetProperty("field").GetString());
        Assert.Equal("微信：meimei_2024", body.Substring(start, length));
        Assert.Equal("Reject", finding.GetProperty("outcome").GetString());
        Assert.Empty((await Api.ReadAsync<NotePage>(await alice.GetAsync("/api/users/alice/notes"))).Items);
    }

    [Fact]
    public async Task A_held_note_is_invisible_to_others_until_a_moderator_approves_it()
    {
        var alice = _platform.ClientFor("alice");
        var note = await Api.CreateNoteAsync(alice, new { title = "福利", body = "扫码领取小样" });
        Assert.Equal(NoteStatus.Held, note.Status);
        Assert.Equal(HoldReason.Rules, note.Moderation!.HeldFor);
        Assert.Equal(IntegrityRules.QrCode, Assert.Single(note.Moderation.Findings).RuleId);

        await AssertProblem(await _platform.ClientFor("bob").GetAsync($"/api/notes/{note.Id}"), HttpStatusCode.NotFound, "note.not_found");
        Assert.Empty((await Api.ReadAsync<NotePage>(await _platform.CreateClient().GetAsync("/api/users/alice/notes"))).Items);

        await AssertProblem(await alice.GetAsync("/api/moderation/cases"), HttpStatusCode.Forbidden, "moderation.moderator_only");
        var moderator = _platform.ClientFor("mod", Moderator);
        var queue = await Api.ReadAsync<QueuePage>(await moderator.GetAsync("/api/moderation/cases"));
        var item = Assert.Single(queue.Items);
        Assert.Equal(($"note-{note.Id}", "扫码领取小样", HoldReason.Rules), (item.Case.Id, item.Content!.Text, item.Case.HeldFor));

        await AssertProblem(await moderator.PostAsJsonAsync($"/api/moderation/cases/{item.Case.Id}/decision", new { verdict = "Rejected" }),
            HttpStatusCode.BadRequest, "moderation.reason_required");
        var decided = await Api.ReadAsync<QueueItem>(await moderator.PostAsJsonAsync($"/api/moderation/cases/{item.Case.Id}/decision", new { verdict = "Approved" }));
        Assert.Equal(CaseState.Closed, decided.Case.State);

        Assert.Equal(NoteStatus.Published, (await Api.ReadAsync<NoteResponse>(await _platform.ClientFor("bob").GetAsync($"/api/notes/{note.Id}"))).Status);
        Assert.Empty((await Api.ReadAsync<QueuePage>(await moderator.GetAsync("/api/moderation/cases"))).Items);
    }

    [Fact]
    public async Task A_rejection_shows_its_reason_to_the_author_and_an_edit_goes_back_to_the_queue()
    {
        var alice = _platform.ClientFor("alice");
        var moderator = _platform.ClientFor("mod", Moderator);
        var note = await Api.CreateNoteAsync(alice, new { title = "减肥", body = "想进群的私聊我，拉你进群" });
        var caseId = $"note-{note.Id}";
        await Api.ReadAsync<QueueItem>(await moderator.PostAsJsonAsync($"/api/moderation/cases/{caseId}/decision",
            new { verdict = "Rejected", reason = "引流到站外群聊" }));

        var seen = await Api.ReadAsync<NoteResponse>(await alice.GetAsync($"/api/notes/{note.Id}"));
        Assert.Equal(NoteStatus.Rejected, seen.Status);
        Assert.Equal(("引流到站外群聊", ModerationVerdict.Rejected), (seen.Moderation!.Decision!.Reason, seen.Moderation.Decision.Verdict));

        // The author fixes it: clean now, but a moderator rejected it before, so a moderator looks again (the appeal).
        var edited = await Api.ReadAsync<NoteResponse>(await Api.PatchNoteAsync(alice, seen, new { body = "分享我的减脂餐" }));
        Assert.Equal((NoteStatus.Held, HoldReason.Resubmitted), (edited.Status, edited.Moderation!.HeldFor));
        var queued = Assert.Single((await Api.ReadAsync<QueuePage>(await moderator.GetAsync("/api/moderation/cases"))).Items);
        Assert.Equal(caseId, queued.Case.Id);
        Assert.Equal("引流到站外群聊", queued.Case.LastDecision!.Reason);
    }

    [Fact]
    public async Task A_note_held_by_the_rules_is_published_once_its_author_edits_it_clean()
    {
        var alice = _platform.ClientFor("alice");
        var note = await Api.CreateNoteAsync(alice, new { title = "护肤", body = "二维码在评论区" });
        Assert.Equal(NoteStatus.Held, note.Status);
        var edited = await Api.ReadAsync<NoteResponse>(await Api.PatchNoteAsync(alice, note, new { body = "成分表在图二" }));
        Assert.Equal(NoteStatus.Published, edited.Status);
        Assert.Null(edited.Moderation);
        Assert.Empty((await Api.ReadAsync<QueuePage>(await _platform.ClientFor("mod", Moderator).GetAsync("/api/moderation/cases"))).Items);
    }

    [Fact]
    public async Task Absolute_terms_are_refused_only_in_sponsored_notes()
    {
        var alice = _platform.ClientFor("alice");
        var personal = await Api.CreateNoteAsync(alice, new { title = "最好用的面霜", body = "" });
        Assert.Equal(NoteStatus.Published, personal.Status);
        await Collaboration.CollaborationApiTests.PartnerAsync(_platform.ClientFor("brandy", ["brand"], ["acme"]), alice, "acme", "alice");

        var problem = await AssertProblem(await alice.PostAsJsonAsync("/api/notes",
            new { title = "蕞好用的面霜", body = "", sponsored = true, partnerBrandId = "acme" }), HttpStatusCode.UnprocessableEntity, "integrity.rejected");
        var finding = Assert.Single(problem.GetProperty("findings").EnumerateArray());
        Assert.Equal((IntegrityRules.AbsoluteTerm, "title", "蕞好", 0), (finding.GetProperty("ruleId").GetString(),
            finding.GetProperty("field").GetString(), finding.GetProperty("matched").GetString(), finding.GetProperty("start").GetInt32()));
    }

    [Fact]
    public async Task Reports_count_once_per_user_and_enough_of_them_hold_the_note()
    {
        // Reporters in good standing from their first report here (ReportBrigadingTests covers weak reporters).
        using var platform = new EmbeddedPlatform(new Dictionary<string, string?> { ["Platform:Moderation:MinReporterAge"] = "00:00:00" });
        var note = await Api.CreateNoteAsync(platform.ClientFor("alice"), new { title = "旅行", body = "" });
        var first = await Api.ReadAsync<ReportResult>(await platform.ClientFor("r1").PostAsJsonAsync($"/api/notes/{note.Id}/reports", new { reason = "Spam" }));
        var again = await Api.ReadAsync<ReportResult>(await platform.ClientFor("r1").PostAsJsonAsync($"/api/notes/{note.Id}/reports", new { reason = "Spam" }));
        Assert.Equal((true, true), (first.Reported, first.Changed));
        Assert.Equal((true, false), (again.Reported, again.Changed));
        await AssertProblem(await platform.ClientFor("alice").PostAsJsonAsync($"/api/notes/{note.Id}/reports", new { reason = "Spam" }),
            HttpStatusCode.BadRequest, "report.own_content");
        await AssertProblem(await platform.ClientFor("r2").PostAsJsonAsync($"/api/notes/{note.Id}/reports", new { detail = "?" }),
            HttpStatusCode.BadRequest, "report.reason_required");

        var moderator = platform.ClientFor("mod", Moderator);
        var queued = Assert.Single((await Api.ReadAsync<QueuePage>(await moderator.GetAsync("/api/moderation/cases"))).Items);
        Assert.Equal((1, NoteStatus.Published.ToString()), (queued.Case.OpenReports, queued.Content!.Status));

        await platform.ClientFor("r2").PostAsJsonAsync($"/api/notes/{note.Id}/reports", new { reason = "FalseClaims" });
        await platform.ClientFor("r3").PostAsJsonAsync($"/api/notes/{note.Id}/reports", new { reason = "Spam" });
        await AssertProblem(await platform.ClientFor("bob").GetAsync($"/api/notes/{note.Id}"), HttpStatusCode.NotFound, "note.not_found");
        var held = Assert.Single((await Api.ReadAsync<QueuePage>(await moderator.GetAsync("/api/moderation/cases"))).Items);
        Assert.Equal((3, 3, HoldReason.Reports), (held.Case.ReportCount, held.Case.OpenReports, held.Case.HeldFor));
        Assert.Equal(2, held.Case.ReportReasons[ReportReason.Spam]);

        await Api.ReadAsync<QueueItem>(await moderator.PostAsJsonAsync($"/api/moderation/cases/{held.Case.Id}/decision", new { verdict = "Approved", reason = "正常分享" }));
        Assert.Equal(HttpStatusCode.OK, (await platform.ClientFor("bob").GetAsync($"/api/notes/{note.Id}")).StatusCode);
    }

    [Fact]
    public async Task Comments_thread_one_level_deep_are_counted_checked_and_deleted_by_their_author_or_the_notes_author()
    {
        var alice = _platform.ClientFor("alice");
        var bob = _platform.ClientFor("bob");
        var carol = _platform.ClientFor("carol");
        var note = await Api.CreateNoteAsync(alice, new { title = "咖啡", body = "" });
        var url = $"/api/notes/{note.Id}/comments";

        var top = await Api.ReadAsync<CommentView>(await bob.PostAsJsonAsync(url, new { body = "在哪买的？" }), HttpStatusCode.Created);
        var reply = await Api.ReadAsync<CommentView>(await alice.PostAsJsonAsync(url, new { body = "楼下那家", parentId = top.Id }), HttpStatusCode.Created);
        var replyToReply = await Api.ReadAsync<CommentView>(await bob.PostAsJsonAsync(url, new { body = "谢谢", parentId = reply.Id }), HttpStatusCode.Created);
        Assert.Equal((top.Id, "alice"), (replyToReply.ParentId, replyToReply.ReplyToUserId));

        var rejected = await AssertProblem(await carol.PostAsJsonAsync(url, new { body = "私我 13812345678" }), HttpStatusCode.UnprocessableEntity, "integrity.rejected");
        Assert.Equal(IntegrityRules.Phone, rejected.GetProperty("findings")[0].GetProperty("ruleId").GetString());
        var held = await Api.ReadAsync<CommentView>(await carol.PostAsJsonAsync(url, new { body = "扫码有惊喜" }), HttpStatusCode.Created);
        Assert.Equal(CommentStatus.Held, held.Status);
        await AssertProblem(await carol.PostAsJsonAsync(url, new { body = new string('长', 501) }), HttpStatusCode.BadRequest, "comment.body_too_long");

        var list = await Api.ReadAsync<Page<CommentView>>(await _platform.CreateClient().GetAsync(url));
        var listed = Assert.Single(list.Items);
        Assert.Equal((top.Id, 2L), (listed.Id, listed.Replies));
        var replies = await Api.ReadAsync<Page<CommentView>>(await _platform.CreateClient().GetAsync($"{url}/{top.Id}/replies"));
        Assert.Equal([reply.Id, replyToReply.Id], replies.Items.Select(r => r.Id));
        Assert.Equal(3, (await Api.ReadAsync<NoteResponse>(await bob.GetAsync($"/api/notes/{note.Id}"))).Stats!.Comments);

        // The held comment: approved by a moderator, it is published and counted.
        var moderator = _platform.ClientFor("mod", Moderator);
        await Api.ReadAsync<QueueItem>(await moderator.PostAsJsonAsync($"/api/moderation/cases/comment-{held.Id}/decision", new { verdict = "Approved" }));
        Assert.Equal(4, (await Api.ReadAsync<NoteResponse>(await bob.GetAsync($"/api/notes/{note.Id}"))).Stats!.Comments);

        await AssertProblem(await carol.DeleteAsync($"{url}/{top.Id}"), HttpStatusCode.Forbidden, "comment.not_allowed");
        await AssertProblem(await Api.PatchAsync(carol, $"{url}/{top.Id}", new { body = "改" }), HttpStatusCode.Forbidden, "comment.not_author");
        var edited = await Api.ReadAsync<CommentView>(await Api.PatchAsync(bob, $"{url}/{top.Id}", new { body = "请问在哪买的？" }));
        Assert.Equal("请问在哪买的？", edited.Body);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"{url}/{top.Id}")).StatusCode);
        Assert.Equal(1, (await Api.ReadAsync<NoteResponse>(await bob.GetAsync($"/api/notes/{note.Id}"))).Stats!.Comments);
        Assert.Equal(HttpStatusCode.NoContent, (await carol.DeleteAsync($"{url}/{held.Id}")).StatusCode);
        Assert.Equal(0, (await Api.ReadAsync<NoteResponse>(await bob.GetAsync($"/api/notes/{note.Id}"))).Stats!.Comments);
        Assert.Empty((await Api.ReadAsync<Page<CommentView>>(await _platform.CreateClient().GetAsync(url))).Items);
    }

    [Fact]
    public async Task A_comment_can_be_reported_into_the_queue()
    {
        var note = await Api.CreateNoteAsync(_platform.ClientFor("alice"), new { title = "t", body = "" });
        var comment = await Api.ReadAsync<CommentView>(await _platform.ClientFor("bob").PostAsJsonAsync($"/api/notes/{note.Id}/comments", new { body = "难看" }), HttpStatusCode.Created);
        await Api.ReadAsync<ReportResult>(await _platform.ClientFor("alice").PostAsJsonAsync($"/api/notes/{note.Id}/comments/{comment.Id}/reports", new { reason = "Harassment" }));
        var item = Assert.Single((await Api.ReadAsync<QueuePage>(await _platform.ClientFor("mod", Moderator).GetAsync("/api/moderation/cases"))).Items);
        Assert.Equal((ContentKind.Comment, comment.Id, "难看"), (item.Case.Kind, item.Case.CommentId, item.Content!.Text));
    }

    [Fact]
    public async Task Tagging_a_partner_brands_product_requires_the_sponsored_label()
    {
        // A real catalogue: brand "acme" sells one product (the scenario's own creator tags it, undisclosed, before any partnership).
        var scenario = await CommerceScenario.StartAsync(_platform);
        var product = scenario.Product.Id;
        var alice = _platform.ClientFor("alice");
        var brand = scenario.Brand;
        await AssertProblem(await _platform.ClientFor("mallory", ["brand"], ["other"]).PostAsJsonAsync("/api/brands/acme/offers", new { creatorId = "alice" }),
            HttpStatusCode.Forbidden, "brand.member_only");
        var partnership = await Collaboration.CollaborationApiTests.PartnerAsync(brand, alice, "acme", "alice");
        Assert.Equal(PartnershipState.Active, Assert.Single(await Api.ReadAsync<List<OfferView>>(await alice.GetAsync("/api/me/offers"))).State);

        var problem = await AssertProblem(await alice.PostAsJsonAsync("/api/notes", new { title = "新品试用", body = "", productIds = new[] { product } }),
            HttpStatusCode.UnprocessableEntity, "note.disclosure_required");
        Assert.Equal(["acme"], problem.GetProperty("partnerBrandIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([product], problem.GetProperty("productIds").EnumerateArray().Select(e => e.GetString()));

        var labelled = await Api.CreateNoteAsync(alice, new { title = "新品试用", body = "", productIds = new[] { product }, sponsored = true, partnerBrandId = "acme" });
        Assert.True(labelled.Sponsored);
        await AssertProblem(await Api.PatchNoteAsync(alice, labelled, new { sponsored = false }), HttpStatusCode.UnprocessableEntity, "note.disclosure_required");

        // Other creators, and a creator whose partnership has ended, need no label.
        Assert.False((await Api.CreateNoteAsync(_platform.ClientFor("bob"), new { title = "自购", body = "", productIds = new[] { product } })).Sponsored);
        Assert.Equal(HttpStatusCode.OK, (await brand.PostAsync($"/api/brands/acme/offers/{partnership.Id}/end", null)).StatusCode);
        await Api.CreateNoteAsync(alice, new { title = "自购", body = "", productIds = new[] { product } });
    }

    [Fact]
    public async Task The_rules_can_be_tried_without_posting()
    {
        var result = await Api.ReadAsync<IntegrityResult>(await _platform.ClientFor("alice").PostAsJsonAsync("/api/integrity/check",
            new { title = "全网第一", body = "可以治疗痘痘", sponsored = true }));
        Assert.Equal(IntegrityOutcome.Reject, result.Outcome);
        Assert.Equal([IntegrityRules.AbsoluteTerm, IntegrityRules.MedicalClaim], result.Findings.Select(f => f.RuleId));
    }

    public void Dispose() => _platform.Dispose();
}
