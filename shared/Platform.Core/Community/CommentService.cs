using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Integrity;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Community;

/// <summary>Body of <c>POST /api/notes/{noteId}/comments</c>: a comment, or a reply when <see cref="ParentId"/> names one.</summary>
public sealed record CreateCommentRequest(string? Body, string? ParentId = null);

public sealed record UpdateCommentRequest(string? Body);

/// <summary>A comment as the API shows it; <see cref="Moderation"/> only to its author.</summary>
public sealed record CommentView(
    string Id,
    string NoteId,
    string AuthorId,
    string? ParentId,
    string? ReplyToUserId,
    string Body,
    CommentStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Replies,
    ContentModeration? Moderation,
    IReadOnlyList<Mention>? Mentions = null)
{
    public static CommentView From(Comment c, long replies, string? viewerId) => new(
        c.Id, c.NoteId, c.AuthorId, c.ParentId, c.ReplyToUserId, c.Body, c.Status, c.CreatedAt, c.UpdatedAt, replies,
        viewerId == c.AuthorId ? c.Moderation?.ForAuthor() : null, c.Mentions);
}

/// <summary>
/// Comments with one level of replies. The integrity rules run on every create and edit: rejected comments are refused
/// (422 with findings), held ones are stored invisible to others and queued for moderators.
/// </summary>
public sealed class CommentService(
    IDocumentStore store,
    CounterStore counters,
    NoteService notes,
    IntegrityEngine engine,
    ModerationCases cases,
    AccountStandings standings,
    MentionResolver mentions,
    IOptions<CommunityOptions> options,
    TimeProvider clock)
{
    private readonly CommunityOptions _options = options.Value;

    public async Task<CommentView> CreateAsync(Caller caller, string noteId, CreateCommentRequest request, CancellationToken cancellationToken)
    {
        var note = (await notes.GetAsync(noteId, caller, cancellationToken)).Value;
        var body = request.Body?.Trim() ?? "";
        ValidateBody(body);

        string? parentId = null;
        string? replyTo = null;
        if (request.ParentId is not null)
        {
            var parent = await FindAsync(note.Id, request.ParentId, cancellationToken);
            if (parent is null || parent.Status != CommentStatus.Published)
            {
                throw PlatformException.NotFound("comment.not_found", $"Comment '{request.ParentId}' does not exist.");
            }

            // One level: a reply to a reply joins its thread and names whom it answers.
            parentId = parent.ParentId ?? parent.Id;
            replyTo = parent.AuthorId;
        }

        var now = clock.GetUtcNow();
        var comment = new Comment
        {
            Id = Ids.New(),
            NoteId = note.Id,
            NoteAuthorId = note.AuthorId,
            AuthorId = caller.UserId,
            ParentId = parentId,
            ReplyToUserId = replyTo,
            Body = body,
            Mentions = await mentions.ResolveAsync(body, cancellationToken),
            Status = CommentStatus.Published,
            CreatedAt = now,
            UpdatedAt = now,
        };
        comment = await CheckAsync(comment, previous: null, cancellationToken);
        comment = WithCountChange(null, comment);
        await counters.WriteAsync<Comment>(Collections.Comments, note.Id, comment.Id, current => current is null ? comment : null, _ => false, cancellationToken);
        return CommentView.From(comment, 0, caller.UserId);
    }

    public async Task<CommentView> UpdateAsync(Caller caller, string noteId, string commentId, UpdateCommentRequest request, CancellationToken cancellationToken)
    {
        var body = request.Body?.Trim() ?? "";
        ValidateBody(body);
        var existing = await FindAsync(noteId, commentId, cancellationToken);
        if (existing is null || existing.Status == CommentStatus.Deleted)
        {
            throw CommentNotFound(commentId);
        }

        if (existing.AuthorId != caller.UserId)
        {
            throw PlatformException.Forbidden("comment.not_author", "Only the author may edit this comment.");
        }

        var resolved = body == existing.Body ? existing.Mentions : await mentions.ResolveAsync(body, cancellationToken);
        var checkedComment = await CheckAsync(existing with { Body = body, Mentions = resolved, UpdatedAt = clock.GetUtcNow() }, existing, cancellationToken);
        var (_, after) = await counters.WriteAsync<Comment>(Collections.Comments, noteId, commentId, current =>
            current is null || current.Status == CommentStatus.Deleted
                ? null
                : WithCountChange(current, checkedComment with { Status = checkedComment.Status, PendingCounts = [] }),
            _ => false, cancellationToken);
        var result = after ?? throw CommentNotFound(commentId);
        return CommentView.From(result, await RepliesAsync(result, cancellationToken), caller.UserId);
    }

    /// <summary>Deletes a comment (its author, the note's author or a moderator); a thread's replies go with it.</summary>
    public async Task DeleteAsync(Caller caller, string noteId, string commentId, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(noteId, commentId, cancellationToken);
        if (existing is null || existing.Status == CommentStatus.Deleted)
        {
            throw CommentNotFound(commentId);
        }

        if (existing.AuthorId != caller.UserId && existing.NoteAuthorId != caller.UserId && !caller.IsModerator)
        {
            throw PlatformException.Forbidden("comment.not_allowed", "Only the comment's author or the note's author may delete it.");
        }

        await EraseAsync(existing, cancellationToken);
    }

    /// <summary>Marks a comment deleted and forgets its text (and its replies', for a thread).</summary>
    internal async Task EraseAsync(Comment comment, CancellationToken cancellationToken)
    {
        if (comment.ParentId is null)
        {
            var replies = await Paging.AllAsync<Comment>(store, Collections.Comments,
                new DocumentQuery { PartitionKey = comment.NoteId, Where = [new("parentId", comment.Id)], OrderBy = "createdAt" }, cancellationToken);
            foreach (var reply in replies.Where(r => r.Value.Status != CommentStatus.Deleted))
            {
                await MarkDeletedAsync(reply.Value.NoteId, reply.Value.Id, cancellationToken);
            }
        }

        await MarkDeletedAsync(comment.NoteId, comment.Id, cancellationToken);
    }

    /// <summary>A note's top-level comments, newest first.</summary>
    public async Task<Page<CommentView>> ListAsync(string noteId, Caller? caller, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        await notes.GetAsync(noteId, caller, cancellationToken);
        return await PageAsync(noteId, parentId: null, descending: true, caller, pageSize, continuation, cancellationToken);
    }

    /// <summary>A thread's replies, oldest first (a conversation reads top-down).</summary>
    public async Task<Page<CommentView>> ListRepliesAsync(
        string noteId, string commentId, Caller? caller, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        await notes.GetAsync(noteId, caller, cancellationToken);
        var parent = await FindAsync(noteId, commentId, cancellationToken);
        if (parent is null || parent.Status != CommentStatus.Published || parent.ParentId is not null)
        {
            throw CommentNotFound(commentId);
        }

        return await PageAsync(noteId, commentId, descending: false, caller, pageSize, continuation, cancellationToken);
    }

    public async Task<Comment?> FindAsync(string noteId, string commentId, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(noteId) && Ids.IsWellFormed(commentId)
            ? (await store.FindAsync<Comment>(Collections.Comments, noteId, commentId, cancellationToken))?.Value
            : null;

    /// <summary>Changes a comment's status for moderation, keeping the counts in step.</summary>
    internal Task ChangeStatusAsync(string noteId, string commentId, Func<Comment, Comment?> change, CancellationToken cancellationToken) =>
        counters.WriteAsync<Comment>(Collections.Comments, noteId, commentId, current =>
            current is null || current.Status == CommentStatus.Deleted || change(current) is not { } next
                ? null
                : WithCountChange(current, next with { PendingCounts = [], UpdatedAt = clock.GetUtcNow() }),
            _ => false, cancellationToken);

    private Task MarkDeletedAsync(string noteId, string commentId, CancellationToken cancellationToken) =>
        ChangeStatusAsync(noteId, commentId, c => c with { Status = CommentStatus.Deleted, Body = "", Mentions = [], DeletedAt = clock.GetUtcNow() }, cancellationToken);

    private async Task<Page<CommentView>> PageAsync(
        string noteId, string? parentId, bool descending, Caller? caller, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var page = await Paging.QueryAsync<Comment>(store, Collections.Comments, new DocumentQuery
        {
            PartitionKey = noteId,
            Where = [new("parentId", parentId), new("status", nameof(CommentStatus.Published))],
            OrderBy = "createdAt",
            Descending = descending,
            Limit = Math.Clamp(pageSize ?? 20, 1, _options.MaxPageSize),
            Continuation = continuation,
        }, cancellationToken);
        var replies = parentId is null
            ? await counters.ReadManyAsync(page.Items.Select(c => Subjects.Comment(c.Value.Id)), cancellationToken)
            : null;
        return new Page<CommentView>(
            page.Items.Select(c => CommentView.From(c.Value,
                replies?[Subjects.Comment(c.Value.Id)].GetValueOrDefault(CounterNames.Replies) ?? 0, caller?.UserId)).ToList(),
            page.Continuation);
    }

    private async Task<long> RepliesAsync(Comment comment, CancellationToken cancellationToken) =>
        comment.ParentId is not null ? 0
            : (await counters.ReadAsync(Subjects.Comment(comment.Id), cancellationToken)).GetValueOrDefault(CounterNames.Replies);

    // The rules decide the status; an edit of a rejected comment goes back to moderators, one the rules or reports held is released when clean.
    private async Task<Comment> CheckAsync(Comment comment, Comment? previous, CancellationToken cancellationToken)
    {
        var result = engine.Evaluate("body", comment.Body, ContentContext.Personal);
        if (result.Outcome == IntegrityOutcome.Reject)
        {
            throw IntegrityErrors.Rejected("comment", result);
        }

        HoldReason? hold = result.Outcome == IntegrityOutcome.Hold ? HoldReason.Rules
            : previous?.Status == CommentStatus.Rejected ? HoldReason.Resubmitted
            : previous is { Status: CommentStatus.Held, Moderation.HeldFor: { } earlier } && earlier is not (HoldReason.Rules or HoldReason.Reports) ? earlier
            : null;
        // A restricted account's comments wait for a moderator, whatever the rules say.
        if (hold is null && await standings.IsRestrictedAsync(comment.AuthorId, cancellationToken))
        {
            hold = HoldReason.Restricted;
        }

        var moderation = hold is null && result.Findings.Count == 0 && previous?.Moderation?.Decision is null
            ? null
            : new ContentModeration
            {
                Outcome = result.Outcome, Findings = result.Findings, HeldFor = hold, Decision = previous?.Moderation?.Decision, Appeal = previous?.Moderation?.Appeal,
            };
        if (hold is not null)
        {
            await cases.HoldAsync(ContentKind.Comment, comment.NoteId, comment.Id, comment.AuthorId, hold.Value, result.Findings, cancellationToken);
        }
        else if (previous is { Status: CommentStatus.Held, Moderation.HeldFor: HoldReason.Reports })
        {
            // Reports hid it; the author changed it and the rules pass it: visible again, still in the queue for a moderator.
            await cases.EditedAfterReportsAsync(ContentKind.Comment, comment.NoteId, comment.Id, comment.AuthorId, cancellationToken);
        }

        return comment with { Status = hold is null ? CommentStatus.Published : CommentStatus.Held, Moderation = moderation };
    }

    private void ValidateBody(string body) =>
        new Validation()
            .Require(body.Length > 0, "body", "comment.body_required", "A comment needs text.")
            .Require(Text.FitsWithin(body, _options.CommentMaxLength), "body", "comment.body_too_long",
                $"A comment may have at most {_options.CommentMaxLength} characters.")
            .ThrowIfInvalid();

    // A comment counts (in the note's comments and its thread's replies) while it is published. The first time it is
    // published (at once, or approved by a moderator) it announces itself, in the same write.
    private static Comment WithCountChange(Comment? before, Comment after)
    {
        if (after.IsCounted && !after.Announced)
        {
            after = after with { Announced = true, PendingEvents = [.. after.PendingEvents, CommunityEvents.Published(after, after.UpdatedAt)] };
        }

        var was = before?.IsCounted == true;
        if (was == after.IsCounted)
        {
            return after;
        }

        var delta = after.IsCounted ? 1 : -1;
        List<CounterOp> ops = [new(CounterOp.NewId(), Subjects.Note(after.NoteId), CounterNames.Comments, delta)];
        if (after.ParentId is not null)
        {
            ops.Add(new(CounterOp.NewId(), Subjects.Comment(after.ParentId), CounterNames.Replies, delta));
        }

        return after with { PendingCounts = [.. after.PendingCounts, .. ops] };
    }

    private static PlatformException CommentNotFound(string commentId) =>
        PlatformException.NotFound("comment.not_found", $"Comment '{commentId}' does not exist.");
}

/// <summary>Comments as moderation sees them.</summary>
public sealed class CommentModeration(CommentService comments, NoteService notes) : IModeratedContent
{
    /// <inheritdoc/>
    public ContentKind Kind => ContentKind.Comment;

    /// <inheritdoc/>
    public async Task<ModeratedItem?> FindAsync(string noteId, string? commentId, CancellationToken cancellationToken) =>
        await comments.FindAsync(noteId, commentId ?? "", cancellationToken) is { Status: not CommentStatus.Deleted } c
            ? new ModeratedItem(ContentKind.Comment, c.NoteId, c.Id, c.AuthorId, c.Status.ToString(), c.Status == CommentStatus.Published,
                null, c.Body, c.Moderation)
            : null;

    /// <inheritdoc/>
    public async Task<bool> IsVisibleToAsync(Caller caller, string noteId, string? commentId, CancellationToken cancellationToken) =>
        await comments.FindAsync(noteId, commentId ?? "", cancellationToken) is { } c
        && (c.Status == CommentStatus.Published || c.AuthorId == caller.UserId)
        && (await notes.FindAsync(noteId, cancellationToken))?.Value.IsVisibleTo(caller.UserId) == true;

    /// <inheritdoc/>
    public Task HoldAsync(string noteId, string? commentId, HoldReason reason, CancellationToken cancellationToken) =>
        comments.ChangeStatusAsync(noteId, commentId ?? "", c => c.Status == CommentStatus.Published
            ? c with { Status = CommentStatus.Held, Moderation = (c.Moderation ?? new ContentModeration()) with { HeldFor = reason } }
            : null, cancellationToken);

    /// <inheritdoc/>
    public Task DecideAsync(string noteId, string? commentId, ModerationDecision decision, CancellationToken cancellationToken) =>
        comments.ChangeStatusAsync(noteId, commentId ?? "", c => c with
        {
            Status = decision.Verdict == ModerationVerdict.Approved ? CommentStatus.Published : CommentStatus.Rejected,
            Moderation = (c.Moderation ?? new ContentModeration()) with { HeldFor = null, Decision = decision },
        }, cancellationToken);

    /// <inheritdoc/>
    public Task ChangeAppealAsync(string noteId, string? commentId, Func<ModerationAppeal?, ModerationAppeal?> change, CancellationToken cancellationToken) =>
        comments.ChangeStatusAsync(noteId, commentId ?? "", c => change(c.Moderation?.Appeal) is { } appeal
            ? c with { Moderation = (c.Moderation ?? new ContentModeration()) with { Appeal = appeal } }
            : null, cancellationToken);
}
