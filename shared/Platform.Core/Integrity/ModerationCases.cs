using Platform.Core.Storage;

namespace Platform.Core.Integrity;

/// <summary>The moderation queue's storage: opening, reporting into and closing cases, each an ETag-checked update.</summary>
public sealed class ModerationCases(IDocumentStore store, TimeProvider clock)
{
    public async Task<StoredDocument<ModerationCase>?> FindAsync(string caseId, CancellationToken cancellationToken) =>
        await store.FindAsync<ModerationCase>(Collections.ModerationCases, caseId, caseId, cancellationToken);

    /// <summary>Opens (or reopens) the case of held content.</summary>
    public Task<ModerationCase> HoldAsync(
        ContentKind kind, string noteId, string? commentId, string authorId, HoldReason reason, IReadOnlyList<IntegrityFinding> findings,
        CancellationToken cancellationToken) =>
        UpdateAsync(kind, noteId, commentId, authorId, c => Reopen(c) with { HeldFor = reason, Findings = findings }, cancellationToken);

    /// <summary>Counts a new report into the item's case and opens it.</summary>
    public Task<ModerationCase> ReportedAsync(
        ContentKind kind, string noteId, string? commentId, string authorId, ReportReason reason, int weight, CancellationToken cancellationToken) =>
        UpdateAsync(kind, noteId, commentId, authorId, c =>
        {
            var reasons = new Dictionary<ReportReason, int>(c.ReportReasons);
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            return Reopen(c) with
            {
                ReportCount = c.ReportCount + 1,
                OpenReports = c.OpenReports + 1,
                WeightedOpenReports = c.WeightedOpenReports + weight,
                ReportReasons = reasons,
            };
        }, cancellationToken);

    /// <summary>
    /// The author edited content that reports had held: it is visible again, the case stays open for a moderator, and the
    /// reports so far (about the old text) no longer count towards holding it again.
    /// </summary>
    public Task<ModerationCase> EditedAfterReportsAsync(ContentKind kind, string noteId, string? commentId, string authorId, CancellationToken cancellationToken) =>
        UpdateAsync(kind, noteId, commentId, authorId, c => Reopen(c) with { HeldFor = null, WeightedOpenReports = 0 }, cancellationToken);

    /// <summary>Reopens the case for the author's appeal.</summary>
    public Task<ModerationCase> AppealedAsync(ModerationCase existing, ModerationAppeal appeal, CancellationToken cancellationToken) =>
        UpdateAsync(existing.Kind, existing.NoteId, existing.CommentId, existing.AuthorId, c => Reopen(c) with { Appeal = appeal }, cancellationToken);

    /// <summary>Closes a case with a moderator's decision (or with none, when its content no longer needs one).</summary>
    public Task<ModerationCase> CloseAsync(ModerationCase existing, ModerationDecision? decision, CancellationToken cancellationToken) =>
        UpdateAsync(existing.Kind, existing.NoteId, existing.CommentId, existing.AuthorId, c => c with
        {
            State = CaseState.Closed,
            HeldFor = null,
            OpenReports = 0,
            WeightedOpenReports = 0,
            LastDecision = decision ?? c.LastDecision,
            Appeal = c.Appeal is { IsPending: true } appeal && decision is not null ? appeal with { Decision = decision } : c.Appeal,
        }, cancellationToken);

    /// <summary>Open cases, oldest first.</summary>
    public Task<DocumentPage<ModerationCase>> ListOpenAsync(int limit, string? continuation, CancellationToken cancellationToken) =>
        store.QueryAsync<ModerationCase>(Collections.ModerationCases, new DocumentQuery
        {
            Where = [new("state", nameof(CaseState.Open))],
            OrderBy = "openedAt",
            Limit = limit,
            Continuation = continuation,
        }, cancellationToken);

    private ModerationCase Reopen(ModerationCase c) =>
        c.State == CaseState.Open ? c : c with { State = CaseState.Open, OpenedAt = clock.GetUtcNow() };

    private async Task<ModerationCase> UpdateAsync(
        ContentKind kind, string noteId, string? commentId, string authorId, Func<ModerationCase, ModerationCase> change,
        CancellationToken cancellationToken)
    {
        var id = ModerationCase.IdFor(kind, noteId, commentId);
        // Another report or decision landing first: ours applies on top of it.
        var update = await store.UpdateAsync<ModerationCase>(Collections.ModerationCases, id, id, current =>
        {
            var now = clock.GetUtcNow();
            return change(current ?? new ModerationCase
            {
                Id = id,
                Kind = kind,
                NoteId = noteId,
                CommentId = commentId,
                AuthorId = authorId,
                State = CaseState.Closed,
                OpenedAt = now,
                UpdatedAt = now,
            }) with { UpdatedAt = now };
        }, DocumentUpdates.UntilWritten, cancellationToken);
        return update.Written!.Value;
    }
}
