using Platform.Core.Identity;
using Platform.Core.Notes;

namespace Platform.Core.Integrity;

/// <summary>
/// Runs the integrity rules on every note create and edit. A rejected note is refused (422 with the findings) and not
/// stored: nothing is gained by keeping a draft nobody can see, and the author gets the reasons at once. A held note is
/// stored as <see cref="NoteStatus.Held"/> and its case opened. An edit of a note a moderator rejected goes back to the
/// queue (the way to appeal); an edit of a note the rules or reports held is published once the rules pass it (held for
/// reports, its case stays open for a moderator). The note's images count too (<see cref="ImageFindings"/>): a QR code in a
/// picture, or a picture a moderator rejected before, holds it.
/// </summary>
public sealed class IntegrityNotePolicy(IntegrityEngine engine, ImageFindings images, ModerationCases cases, AccountStandings standings) : INotePolicy
{
    /// <inheritdoc/>
    public async Task<Note> ApplyAsync(Caller caller, Note proposed, Note? previous, CancellationToken cancellationToken)
    {
        var context = new ContentContext(Sponsored: proposed.Sponsored, Commercial: proposed.Sponsored || proposed.ProductIds.Count > 0);
        var result = engine.Evaluate([new ContentField("title", proposed.Title), new ContentField("body", proposed.Body)], context);
        if (result.Outcome == IntegrityOutcome.Reject)
        {
            throw IntegrityErrors.Rejected("note", result);
        }

        var imageFindings = await images.EvaluateAsync(proposed.MediaIds, cancellationToken);
        if (imageFindings.Count > 0)
        {
            IReadOnlyList<IntegrityFinding> all = [.. result.Findings, .. imageFindings];
            result = new IntegrityResult(all.Max(f => f.Outcome), all);
        }

        HoldReason? hold = result.Outcome == IntegrityOutcome.Hold ? HoldReason.Rules
            : previous?.Status == NoteStatus.Rejected ? HoldReason.Resubmitted
            : previous is { Status: NoteStatus.Held, Moderation.HeldFor: { } earlier } && earlier is not (HoldReason.Rules or HoldReason.Reports) ? earlier
            : null;
        // A restricted account's notes wait for a moderator, whatever the rules say.
        if (hold is null && await standings.IsRestrictedAsync(proposed.AuthorId, cancellationToken))
        {
            hold = HoldReason.Restricted;
        }

        var moderation = hold is null && result.Findings.Count == 0 && previous?.Moderation?.Decision is null
            ? null
            : new ContentModeration
            {
                Outcome = result.Outcome, Findings = result.Findings, HeldFor = hold, Decision = previous?.Moderation?.Decision, Appeal = previous?.Moderation?.Appeal,
            };
        var status = hold is not null ? NoteStatus.Held
            : proposed.Status is NoteStatus.Held or NoteStatus.Rejected ? NoteStatus.Published
            : proposed.Status;

        if (hold is not null)
        {
            // Opened before the note is stored: if that write fails, the queue closes the case when it finds nothing held.
            await cases.HoldAsync(ContentKind.Note, proposed.Id, null, proposed.AuthorId, hold.Value, result.Findings, cancellationToken);
        }
        else if (previous is { Status: NoteStatus.Held, Moderation.HeldFor: HoldReason.Reports })
        {
            // Reports hid it; the author changed it and the rules pass it: visible again, still in the queue for a moderator.
            await cases.EditedAfterReportsAsync(ContentKind.Note, proposed.Id, null, proposed.AuthorId, cancellationToken);
        }

        return proposed with { Status = status, Moderation = moderation };
    }
}

/// <summary>Notes as moderation sees them.</summary>
public sealed class NoteModeration(NoteService notes, ImageFindings images) : IModeratedContent
{
    /// <inheritdoc/>
    public ContentKind Kind => ContentKind.Note;

    /// <inheritdoc/>
    public async Task<ModeratedItem?> FindAsync(string noteId, string? commentId, CancellationToken cancellationToken)
    {
        var found = await notes.FindAsync(noteId, cancellationToken);
        return found?.Value is { Status: not NoteStatus.Deleted } note
            ? new ModeratedItem(ContentKind.Note, note.Id, null, note.AuthorId, note.Status.ToString(), note.Status == NoteStatus.Published,
                note.Title, note.Body, note.Moderation)
            : null;
    }

    /// <inheritdoc/>
    public async Task<bool> IsVisibleToAsync(Caller caller, string noteId, string? commentId, CancellationToken cancellationToken)
    {
        var found = await notes.FindAsync(noteId, cancellationToken);
        return found?.Value.IsVisibleTo(caller.UserId) == true;
    }

    /// <inheritdoc/>
    public Task HoldAsync(string noteId, string? commentId, HoldReason reason, CancellationToken cancellationToken) =>
        notes.ChangeAsync(noteId, note => note.Status == NoteStatus.Published
            ? note with { Status = NoteStatus.Held, Moderation = (note.Moderation ?? new ContentModeration()) with { HeldFor = reason } }
            : null, cancellationToken);

    /// <inheritdoc/>
    public async Task DecideAsync(string noteId, string? commentId, ModerationDecision decision, CancellationToken cancellationToken)
    {
        var decided = await notes.ChangeAsync(noteId, note => note.Status == NoteStatus.Deleted ? null : note with
        {
            Status = decision.Verdict == ModerationVerdict.Approved ? NoteStatus.Published : NoteStatus.Rejected,
            Moderation = (note.Moderation ?? new ContentModeration()) with { HeldFor = null, Decision = decision },
        }, cancellationToken);

        // The pictures of a rejected note are remembered, so the same picture posted again is held (repeat spam).
        if (decision.Verdict == ModerationVerdict.Rejected && decided?.Value is { Status: NoteStatus.Rejected } rejected)
        {
            await images.RememberRejectedAsync(ModerationCase.IdFor(ContentKind.Note, noteId, null), rejected.MediaIds, decision.DecidedAt, cancellationToken);
        }
    }

    /// <inheritdoc/>
    public Task ChangeAppealAsync(string noteId, string? commentId, Func<ModerationAppeal?, ModerationAppeal?> change, CancellationToken cancellationToken) =>
        notes.ChangeAsync(noteId, note => note.Status == NoteStatus.Deleted || change(note.Moderation?.Appeal) is not { } appeal
            ? null
            : note with { Moderation = (note.Moderation ?? new ContentModeration()) with { Appeal = appeal } }, cancellationToken);
}
