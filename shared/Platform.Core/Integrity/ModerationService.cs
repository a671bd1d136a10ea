using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Storage;

namespace Platform.Core.Integrity;

/// <summary>A note or comment as moderation sees it, whatever its status.</summary>
public sealed record ModeratedItem(
    ContentKind Kind, string NoteId, string? CommentId, string AuthorId, string Status, bool IsPublished, string? Title, string Text,
    ContentModeration? Moderation);

/// <summary>What moderation needs from a kind of content; notes and comments each provide one.</summary>
public interface IModeratedContent
{
    ContentKind Kind { get; }

    /// <summary>The item whatever its status, or null when it does not exist or was deleted.</summary>
    Task<ModeratedItem?> FindAsync(string noteId, string? commentId, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="caller"/> can see the item (only visible items can be reported).</summary>
    Task<bool> IsVisibleToAsync(Caller caller, string noteId, string? commentId, CancellationToken cancellationToken);

    /// <summary>Hides published content until a moderator decides.</summary>
    Task HoldAsync(string noteId, string? commentId, HoldReason reason, CancellationToken cancellationToken);

    /// <summary>Publishes (approved) or rejects the item, recording the decision its author will see.</summary>
    Task DecideAsync(string noteId, string? commentId, ModerationDecision decision, CancellationToken cancellationToken);

    /// <summary>Changes the item's appeal (<paramref name="change"/> returns null to leave it).</summary>
    Task ChangeAppealAsync(string noteId, string? commentId, Func<ModerationAppeal?, ModerationAppeal?> change, CancellationToken cancellationToken);
}

public sealed record ReportRequest(ReportReason? Reason, string? Detail = null);

/// <summary>Reporting is idempotent per user and item: the second report is acknowledged, not counted.</summary>
public sealed record ReportResult(bool Reported, bool Changed, string CaseId);

public sealed record DecisionRequest(ModerationVerdict? Verdict, string? Reason);

public sealed record QueueItem(ModerationCase Case, ModeratedItem? Content);

public sealed record QueuePage(IReadOnlyList<QueueItem> Items, string? Continuation);

/// <summary>Reports, the moderation queue and moderators' decisions.</summary>
public sealed class ModerationService(
    IDocumentStore store,
    ModerationCases cases,
    IEnumerable<IModeratedContent> contents,
    ReporterStandings reporters,
    ModerationAuditLog audit,
    AccountStandings standings,
    IOptions<ModerationOptions> options,
    TimeProvider clock)
{
    private readonly ModerationOptions _options = options.Value;
    private readonly Dictionary<ContentKind, IModeratedContent> _contents = contents.ToDictionary(c => c.Kind);

    public async Task<ReportResult> ReportAsync(
        Caller caller, ContentKind kind, string noteId, string? commentId, ReportRequest request, CancellationToken cancellationToken)
    {
        var content = _contents[kind];
        var item = await content.FindAsync(noteId, commentId, cancellationToken);
        if (item is null || !await content.IsVisibleToAsync(caller, noteId, commentId, cancellationToken))
        {
            throw PlatformException.NotFound(kind == ContentKind.Note ? "note.not_found" : "comment.not_found", "There is no such item to report.");
        }

        var v = new Validation();
        v.Require(request.Reason is not null, "reason", "report.reason_required", "Say why you report it: " + string.Join(", ", Enum.GetNames<ReportReason>()) + ".");
        v.Require((request.Detail?.Length ?? 0) <= _options.ReasonMaxLength, "detail", "report.detail_too_long",
            $"The detail may have at most {_options.ReasonMaxLength} characters.");
        v.Require(item.AuthorId != caller.UserId, "$", "report.own_content", "You cannot report your own content.");
        v.ThrowIfInvalid();

        var caseId = ModerationCase.IdFor(kind, noteId, commentId);
        // Rate-limited per reporter; a weak reporter's report is queued for a moderator but hides nothing (brigading).
        var weight = await reporters.RecordReportAsync(caller.UserId, cancellationToken);
        try
        {
            await store.CreateAsync(Collections.Reports, caseId, caller.UserId,
                new Report(caseId, caller.UserId, request.Reason!.Value, request.Detail, clock.GetUtcNow()), cancellationToken);
        }
        catch (DocumentConflictException)
        {
            return new ReportResult(Reported: true, Changed: false, caseId);
        }

        var updated = await cases.ReportedAsync(kind, noteId, commentId, item.AuthorId, request.Reason!.Value, weight, cancellationToken);
        if (updated.WeightedOpenReports >= _options.HoldAfterReports && item.IsPublished)
        {
            await content.HoldAsync(noteId, commentId, HoldReason.Reports, cancellationToken);
            await cases.HoldAsync(kind, noteId, commentId, item.AuthorId, HoldReason.Reports, updated.Findings, cancellationToken);
        }

        return new ReportResult(Reported: true, Changed: true, caseId);
    }

    /// <summary>Open cases, oldest first, each with the content as it is now. Cases whose content is gone are closed on the way.</summary>
    public async Task<QueuePage> ListQueueAsync(Caller caller, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        RequireModerator(caller);
        var limit = Math.Clamp(pageSize ?? 20, 1, 100);
        DocumentPage<ModerationCase> page;
        try
        {
            page = await cases.ListOpenAsync(limit, continuation, cancellationToken);
        }
        catch (InvalidContinuationException)
        {
            throw PlatformException.Invalid("continuation", "request.invalid_continuation", "The continuation token is not valid.");
        }

        var items = new List<QueueItem>();
        foreach (var c in page.Items.Select(d => d.Value))
        {
            var content = await _contents[c.Kind].FindAsync(c.NoteId, c.CommentId, cancellationToken);
            // Held by the rules but since edited clean (or deleted), and nobody reported or appealed it: nothing left to decide.
            if (content is null || (c.OpenReports == 0 && content.Moderation?.HeldFor is null && c.Appeal is not { IsPending: true }))
            {
                await cases.CloseAsync(c, decision: null, cancellationToken);
                continue;
            }

            items.Add(new QueueItem(c, content));
        }

        return new QueuePage(items, page.Continuation);
    }

    public async Task<QueueItem> GetCaseAsync(Caller caller, string caseId, CancellationToken cancellationToken)
    {
        RequireModerator(caller);
        var found = await FindCaseAsync(caseId, cancellationToken);
        var content = await _contents[found.Kind].FindAsync(found.NoteId, found.CommentId, cancellationToken);
        return new QueueItem(found, content);
    }

    public async Task<QueueItem> DecideAsync(Caller caller, string caseId, DecisionRequest request, CancellationToken cancellationToken)
    {
        RequireModerator(caller);
        var reason = request.Reason?.Trim();
        var v = new Validation();
        v.Require(request.Verdict is not null, "verdict", "moderation.verdict_required", "Say Approved or Rejected.");
        v.Require(request.Verdict != ModerationVerdict.Rejected || !string.IsNullOrEmpty(reason), "reason", "moderation.reason_required",
            "A rejection needs a reason: its author is shown it.");
        v.Require((reason?.Length ?? 0) <= _options.ReasonMaxLength, "reason", "moderation.reason_too_long",
            $"The reason may have at most {_options.ReasonMaxLength} characters.");
        v.ThrowIfInvalid();

        var found = await FindCaseAsync(caseId, cancellationToken);
        var content = _contents[found.Kind];
        if (await content.FindAsync(found.NoteId, found.CommentId, cancellationToken) is null)
        {
            throw PlatformException.Conflict("moderation.content_gone", "The content was deleted; there is nothing to decide.");
        }

        // An appeal is a second look: never by the moderator who made the first decision.
        var appeal = found.Appeal is { IsPending: true } pending ? pending : null;
        if (appeal is not null && appeal.Original.ModeratorId == caller.UserId)
        {
            throw PlatformException.Forbidden("moderation.appeal_needs_another_moderator",
                "You made the decision under appeal; another moderator decides the appeal.");
        }

        var decision = new ModerationDecision(request.Verdict!.Value, string.IsNullOrEmpty(reason) ? null : reason, caller.UserId, clock.GetUtcNow());
        await content.DecideAsync(found.NoteId, found.CommentId, decision, cancellationToken);
        await reporters.RecordDecisionAsync(found, decision, cancellationToken);
        if (appeal is not null)
        {
            await content.ChangeAppealAsync(found.NoteId, found.CommentId, a => a is { IsPending: true } ? a with { Decision = decision } : null, cancellationToken);
        }

        var closed = await cases.CloseAsync(found, decision, cancellationToken);
        await audit.RecordAsync(appeal is null ? AuditAction.Decision : AuditAction.AppealDecision, caller.UserId, found, found.AuthorId,
            decision.Verdict, decision.Reason, cancellationToken);
        if (decision.Verdict == ModerationVerdict.Rejected)
        {
            await standings.StrikeAsync(found.AuthorId, found.Id, decision.Reason, cancellationToken);
        }
        else if (appeal is not null || found.LastDecision?.Verdict == ModerationVerdict.Rejected)
        {
            // Overturned: the rejection no longer counts against the author.
            await standings.ForgiveAsync(found.AuthorId, found.Id, cancellationToken);
        }

        return new QueueItem(closed, await content.FindAsync(found.NoteId, found.CommentId, cancellationToken));
    }

    /// <summary>
    /// The author's one appeal of a rejection, with a reason: the case reopens for a different moderator; the content stays
    /// rejected until then. Someone else's or unknown content answers 404, as for an unknown item.
    /// </summary>
    public async Task<ModeratedItem> AppealAsync(
        Caller caller, ContentKind kind, string noteId, string? commentId, AppealRequest request, CancellationToken cancellationToken)
    {
        var content = _contents[kind];
        var item = await content.FindAsync(noteId, commentId, cancellationToken);
        if (item is null || item.AuthorId != caller.UserId)
        {
            throw PlatformException.NotFound(kind == ContentKind.Note ? "note.not_found" : "comment.not_found", "There is no such item of yours to appeal.");
        }

        var reason = request.Reason?.Trim();
        new Validation()
            .Require(!string.IsNullOrEmpty(reason), "reason", "appeal.reason_required", "Say why the decision is wrong.")
            .Require((reason?.Length ?? 0) <= _options.ReasonMaxLength, "reason", "appeal.reason_too_long",
                $"The reason may have at most {_options.ReasonMaxLength} characters.")
            .ThrowIfInvalid();
        if (item.Moderation?.Appeal is not null)
        {
            throw PlatformException.Conflict("appeal.already_made", "This decision was already appealed; an item can be appealed once.");
        }

        if (item.Status != "Rejected" || item.Moderation?.Decision is not { Verdict: ModerationVerdict.Rejected } rejection)
        {
            throw PlatformException.Conflict("appeal.not_rejected", "Only rejected content can be appealed.");
        }

        var appeal = new ModerationAppeal(reason!, clock.GetUtcNow(), rejection);
        var caseId = ModerationCase.IdFor(kind, noteId, commentId);
        var found = (await cases.FindAsync(caseId, cancellationToken))?.Value
            ?? throw PlatformException.Conflict("appeal.not_rejected", "Only content a moderator rejected can be appealed.");
        await content.ChangeAppealAsync(noteId, commentId, a => a is null ? appeal : null, cancellationToken);
        await cases.AppealedAsync(found, appeal, cancellationToken);
        var appealed = (await content.FindAsync(noteId, commentId, cancellationToken))!;
        return appealed with { Moderation = appealed.Moderation?.ForAuthor() };
    }

    /// <summary>The audit log, newest first (moderators only).</summary>
    public async Task<AuditPage> ListAuditAsync(
        Caller caller, string? caseId, string? userId, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        RequireModerator(caller);
        try
        {
            return await audit.ListAsync(caseId, userId, Math.Clamp(pageSize ?? 50, 1, 200), continuation, cancellationToken);
        }
        catch (InvalidContinuationException)
        {
            throw PlatformException.Invalid("continuation", "request.invalid_continuation", "The continuation token is not valid.");
        }
    }

    /// <summary>An account's strikes and restriction, for moderators.</summary>
    public Task<StandingView> GetStandingAsync(Caller caller, string userId, CancellationToken cancellationToken)
    {
        RequireModerator(caller);
        return standings.ViewAsync(userId, cancellationToken);
    }

    /// <summary>Lifts an account's restriction now (moderators), recorded in the audit log.</summary>
    public async Task<StandingView> LiftRestrictionAsync(Caller caller, string userId, DecisionRequest request, CancellationToken cancellationToken)
    {
        RequireModerator(caller);
        if (!Ids.IsWellFormed(userId) || !await standings.LiftAsync(userId, caller.UserId, cancellationToken))
        {
            throw PlatformException.Conflict("moderation.not_restricted", "The account is not restricted.");
        }

        await audit.RecordAsync(AuditAction.RestrictionLifted, caller.UserId, null, userId, null, request.Reason?.Trim(), cancellationToken);
        return await standings.ViewAsync(userId, cancellationToken);
    }

    private async Task<ModerationCase> FindCaseAsync(string caseId, CancellationToken cancellationToken) =>
        (Ids.IsWellFormed(caseId) ? (await cases.FindAsync(caseId, cancellationToken))?.Value : null)
        ?? throw PlatformException.NotFound("moderation.case_not_found", $"Case '{caseId}' does not exist.");

    private static void RequireModerator(Caller caller)
    {
        if (!caller.IsModerator)
        {
            throw PlatformException.Forbidden("moderation.moderator_only", "Only moderators may do this.");
        }
    }
}
