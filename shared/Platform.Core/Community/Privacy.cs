using Platform.Core.Identity;
using Platform.Core.Integrity;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Community;

/// <summary>
/// A feature that keeps personal data outside the community's own collections (orders, media, drafts) takes part in
/// export and erasure through this port. Commerce, for one, anonymises orders in <see cref="EraseAsync"/> and keeps them
/// for the ledger.
/// </summary>
public interface IPersonalDataParticipant
{
    /// <summary>The name of this participant's section in the export, e.g. "orders".</summary>
    string Section { get; }

    /// <summary>Everything this feature holds about the user, as a JSON-serialisable value.</summary>
    Task<object?> ExportAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Erases or anonymises the user's data; must be idempotent (an interrupted erasure is simply repeated).</summary>
    Task EraseAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>All of a user's data, as <c>GET /api/me/export</c> returns it.</summary>
public sealed record AccountExport(
    string UserId,
    DateTimeOffset ExportedAt,
    Profile? Profile,
    IReadOnlyList<Note> Notes,
    IReadOnlyList<CommentExport> Comments,
    IReadOnlyList<LikeExport> Likes,
    IReadOnlyList<Board> Boards,
    IReadOnlyList<CollectExport> Collects,
    IReadOnlyList<UserSummary> Following,
    IReadOnlyList<UserSummary> Followers,
    IReadOnlyList<Report> Reports,
    IReadOnlyList<Partnership> Partnerships,
    IReadOnlyDictionary<string, object?> Other);

public sealed record CommentExport(string Id, string NoteId, string? ParentId, string Body, CommentStatus Status, DateTimeOffset CreatedAt, ContentModeration? Moderation);

public sealed record LikeExport(string NoteId, DateTimeOffset LikedAt);

public sealed record CollectExport(string NoteId, string BoardId, DateTimeOffset CollectedAt);

/// <summary>
/// Export and erasure of a user's data. Erasure hides the user's notes, erases their profile and comment texts, takes
/// back their likes, collects and follows (counts stay exact), drops their reports' link to them and their partnerships,
/// and asks every <see cref="IPersonalDataParticipant"/> to do the same (orders are kept, anonymised). Every step can be
/// repeated, so an interrupted erasure finishes when it is asked again; once it is done, the account's tokens are refused.
/// What must stay (a note's tombstone, other people's comments on the user's notes) names <see cref="ErasedAccounts.Placeholder"/>.
/// </summary>
public sealed class PrivacyService(
    IDocumentStore store,
    NoteService notes,
    EngagementService engagement,
    CommentService comments,
    PartnershipService partnerships,
    IEnumerable<IPersonalDataParticipant> participants,
    ErasedAccounts erased,
    UserDirectory directory,
    TimeProvider clock)
{
    public async Task<AccountExport> ExportAsync(Caller caller, CancellationToken cancellationToken)
    {
        var userId = caller.UserId;
        var profile = (await store.FindAsync<Profile>(Collections.Profiles, userId, userId, cancellationToken))?.Value;
        var ownNotes = await AllAsync<Note>(Collections.Notes, new() { Where = [new("authorId", userId)], OrderBy = "createdAt" }, cancellationToken);
        var ownComments = await AllAsync<Comment>(Collections.Comments, new() { Where = [new("authorId", userId)], OrderBy = "createdAt" }, cancellationToken);
        var likes = await AllAsync<Like>(Collections.Likes, new() { Where = [new("userId", userId), new("active", true)], OrderBy = "changedAt" }, cancellationToken);
        var collects = await AllAsync<Collect>(Collections.Collects, new() { PartitionKey = userId, Where = [new("active", true)], OrderBy = "collectedAt" }, cancellationToken);
        var following = await AllAsync<Follow>(Collections.Follows, new() { PartitionKey = userId, Where = [new("active", true)], OrderBy = "followedAt" }, cancellationToken);
        var followers = await AllAsync<Follow>(Collections.Follows, new() { Where = [new("followeeId", userId), new("active", true)], OrderBy = "followedAt" }, cancellationToken);
        var reports = await AllAsync<Report>(Collections.Reports, new() { Where = [new("reporterId", userId)], OrderBy = "reportedAt" }, cancellationToken);

        var other = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var participant in participants)
        {
            other[participant.Section] = await participant.ExportAsync(userId, cancellationToken);
        }

        return new AccountExport(
            userId,
            clock.GetUtcNow(),
            profile,
            // Moderators stay anonymous to authors here too.
            ownNotes.Select(n => n with { Moderation = n.Moderation?.ForAuthor(), PendingEvents = [] }).ToList(),
            ownComments.Select(c => new CommentExport(c.Id, c.NoteId, c.ParentId, c.Body, c.Status, c.CreatedAt, c.Moderation?.ForAuthor())).ToList(),
            likes.Select(l => new LikeExport(l.NoteId, l.ChangedAt)).ToList(),
            await engagement.ListBoardDocumentsAsync(userId, cancellationToken),
            collects.Select(c => new CollectExport(c.NoteId, c.BoardId, c.CollectedAt)).ToList(),
            following.Select(f => new UserSummary(f.FolloweeId, f.FolloweeId, f.FollowedAt)).ToList(),
            followers.Select(f => new UserSummary(f.FollowerId, f.FollowerId, f.FollowedAt)).ToList(),
            reports,
            await partnerships.ListForCreatorAsync(userId, cancellationToken),
            other);
    }

    public async Task EraseAsync(Caller caller, CancellationToken cancellationToken)
    {
        var userId = caller.UserId;
        // Other features first: some recognise copies of the user's content (a note title quoted elsewhere) by the notes
        // still under the user's id.
        foreach (var participant in participants)
        {
            await participant.EraseAsync(userId, cancellationToken);
        }

        if ((await store.FindAsync<Profile>(Collections.Profiles, userId, userId, cancellationToken))?.Value is { } profile)
        {
            await directory.RemoveAsync(userId, profile.DisplayName, cancellationToken);
        }

        await store.DeleteAsync(Collections.Profiles, userId, userId, null, cancellationToken);

        var now = clock.GetUtcNow();
        // The note stays as a tombstone (consumers of the change feed see it deleted), with nothing of its author left in it.
        foreach (var note in await AllAsync<Note>(Collections.Notes, new() { Where = [new("authorId", userId)], OrderBy = "createdAt" }, cancellationToken))
        {
            await notes.ChangeAsync(note.Id, n => n.AuthorId != userId ? null : n with
            {
                Status = NoteStatus.Deleted,
                DeletedAt = n.DeletedAt ?? now,
                AuthorId = ErasedAccounts.Placeholder,
                Title = "",
                Body = "",
                Topics = [],
                MediaIds = [],
                ProductIds = [],
                PartnerBrandId = null,
                Moderation = null,
            }, cancellationToken);
        }

        foreach (var comment in await AllAsync<Comment>(Collections.Comments, new() { Where = [new("authorId", userId)], OrderBy = "createdAt" }, cancellationToken))
        {
            if (comment.Status != CommentStatus.Deleted || comment.Body.Length > 0)
            {
                await comments.EraseAsync(comment, cancellationToken);
            }

            await AnonymiseAsync<Comment>(Collections.Comments, comment.NoteId, comment.Id,
                c => c.AuthorId == userId ? c with { AuthorId = ErasedAccounts.Placeholder, Body = "", Moderation = null } : null, cancellationToken);
        }

        foreach (var like in await AllAsync<Like>(Collections.Likes, new() { Where = [new("userId", userId)], OrderBy = "changedAt" }, cancellationToken))
        {
            await engagement.SetLikeAsync(userId, like.NoteId, like.NoteAuthorId, like: false, cancellationToken);
        }

        var boards = await engagement.ListBoardDocumentsAsync(userId, cancellationToken);
        foreach (var board in boards)
        {
            await engagement.RemoveBoardAsync(userId, board.Id, cancellationToken);
        }

        foreach (var collect in await AllAsync<Collect>(Collections.Collects, new() { PartitionKey = userId, OrderBy = "collectedAt" }, cancellationToken))
        {
            await engagement.UncollectAsync(userId, collect.NoteId, cancellationToken);
        }

        foreach (var follow in await AllAsync<Follow>(Collections.Follows, new() { PartitionKey = userId, OrderBy = "followedAt" }, cancellationToken))
        {
            await engagement.SetFollowAsync(userId, follow.FolloweeId, follow: false, cancellationToken);
        }

        foreach (var follow in await AllAsync<Follow>(Collections.Follows, new() { Where = [new("followeeId", userId)], OrderBy = "followedAt" }, cancellationToken))
        {
            await engagement.SetFollowAsync(follow.FollowerId, userId, follow: false, cancellationToken);
        }

        // Other people's comments, likes and collects on the user's notes name them as the notes' author, and replies name
        // them as the person answered (after the user's own likes and collects are taken back, so those count against them).
        foreach (var comment in await AllAsync<Comment>(Collections.Comments, new() { Where = [new("noteAuthorId", userId)], OrderBy = "createdAt" }, cancellationToken))
        {
            await AnonymiseAsync<Comment>(Collections.Comments, comment.NoteId, comment.Id,
                c => c.NoteAuthorId == userId ? c with { NoteAuthorId = ErasedAccounts.Placeholder } : null, cancellationToken);
        }

        foreach (var comment in await AllAsync<Comment>(Collections.Comments, new() { Where = [new("replyToUserId", userId)], OrderBy = "createdAt" }, cancellationToken))
        {
            await AnonymiseAsync<Comment>(Collections.Comments, comment.NoteId, comment.Id,
                c => c.ReplyToUserId == userId ? c with { ReplyToUserId = ErasedAccounts.Placeholder } : null, cancellationToken);
        }

        foreach (var like in await AllAsync<Like>(Collections.Likes, new() { Where = [new("noteAuthorId", userId)], OrderBy = "changedAt" }, cancellationToken))
        {
            await AnonymiseAsync<Like>(Collections.Likes, like.NoteId, LikeId(like),
                l => l.NoteAuthorId == userId ? l with { NoteAuthorId = ErasedAccounts.Placeholder } : null, cancellationToken);
        }

        foreach (var collect in await AllAsync<Collect>(Collections.Collects, new() { Where = [new("noteAuthorId", userId)], OrderBy = "collectedAt" }, cancellationToken))
        {
            await AnonymiseAsync<Collect>(Collections.Collects, collect.UserId, collect.NoteId,
                c => c.NoteAuthorId == userId ? c with { NoteAuthorId = ErasedAccounts.Placeholder } : null, cancellationToken);
        }

        // Reports stay counted in their cases; only the link to the reporter goes.
        foreach (var report in await AllAsync<Report>(Collections.Reports, new() { Where = [new("reporterId", userId)], OrderBy = "reportedAt" }, cancellationToken))
        {
            await store.DeleteAsync(Collections.Reports, report.CaseId, userId, null, cancellationToken);
        }

        await partnerships.EraseCreatorAsync(userId, cancellationToken);

        // Counter subjects named after the user: their own counts and their boards' (the default board has no document).
        foreach (var subject in boards.Select(b => Subjects.Board(userId, b.Id)).Append(Subjects.Board(userId, Board.DefaultId)).Append(Subjects.User(userId)))
        {
            await store.DeleteAsync(Collections.Counters, subject, subject, null, cancellationToken);
        }

        // Last, so an interrupted erasure can be asked again with the same token; from here on that token is refused.
        await erased.MarkAsync(userId, cancellationToken);
    }

    private static string LikeId(Like like) => like.UserId;

    private Task<DocumentUpdate<T>> AnonymiseAsync<T>(string collection, string partitionKey, string id, Func<T, T?> change, CancellationToken cancellationToken)
        where T : class =>
        store.UpdateAsync<T>(collection, partitionKey, id, current => current is null ? null : change(current), DocumentUpdates.UntilWritten, cancellationToken);

    private async Task<List<T>> AllAsync<T>(string collection, DocumentQuery query, CancellationToken cancellationToken) =>
        (await Paging.AllAsync<T>(store, collection, query, cancellationToken)).Select(d => d.Value).ToList();
}
