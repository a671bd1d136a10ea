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
            // Held by the rules but since edited clean (or deleted), and nobody reported it: nothing left to decide.
            if (content is null || (c.OpenReports == 0 && content.Moderation?.HeldFor is null))
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

        var decision = new ModerationDecision(request.Verdict!.Value, string.IsNullOrEmpty(reason) ? null : reason, caller.UserId, clock.GetUtcNow());
        await content.DecideAsync(found.NoteId, found.CommentId, decision, cancellationToken);
        await reporters.RecordDecisionAsync(found, decision, cancellationToken);
        var closed = await cases.CloseAsync(found, decision, cancellationToken);
        return new QueueItem(closed, await content.FindAsync(found.NoteId, found.CommentId, cancellationToken));
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
