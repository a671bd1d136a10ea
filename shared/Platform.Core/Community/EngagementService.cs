using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Community;

/// <summary>Likes, collects into boards, and follows. Every action is idempotent per user and keeps its counters exact.</summary>
public sealed class EngagementService(
    IDocumentStore store,
    CounterStore counters,
    NoteService notes,
    IOptions<CommunityOptions> options,
    TimeProvider clock)
{
    private readonly CommunityOptions _options = options.Value;

    public async Task<LikeResult> SetLikeAsync(Caller caller, string noteId, bool like, CancellationToken cancellationToken)
    {
        // Liking needs a note the caller can see. Unliking one the caller cannot see (made private, hidden) still lets go of
        // their like, but answers as for an unknown note, so neither verb tells whether a hidden note exists.
        var note = like ? (await notes.GetAsync(noteId, caller, cancellationToken)).Value : await FindNoteAsync(noteId, cancellationToken);
        var (_, after) = await SetLikeAsync(caller.UserId, note.Id, note.AuthorId, like, cancellationToken);
        ThrowIfHiddenFrom(caller, note);
        var counts = await counters.ReadAsync(Subjects.Note(note.Id), cancellationToken);
        return new LikeResult(like, after is not null, counts.GetValueOrDefault(CounterNames.Likes));
    }

    internal Task<(Like? Before, Like? After)> SetLikeAsync(string userId, string noteId, string noteAuthorId, bool like, CancellationToken cancellationToken) =>
        counters.WriteAsync<Like>(Collections.Likes, noteId, userId, current =>
        {
            if ((current is not null) == like)
            {
                return null;
            }

            var delta = like ? 1 : -1;
            var written = new Like
            {
                NoteId = noteId,
                UserId = userId,
                NoteAuthorId = noteAuthorId,
                Active = like,
                ChangedAt = clock.GetUtcNow(),
                PendingCounts =
                [
                    new(CounterOp.NewId(), Subjects.Note(noteId), CounterNames.Likes, delta),
                    new(CounterOp.NewId(), Subjects.User(noteAuthorId), CounterNames.LikesReceived, delta),
                ],
            };
            // The like's event rides in the same write (its outbox): no extra document write on the hot path.
            return like ? written with { PendingEvents = [CommunityEvents.Liked(written)] } : written;
        }, l => !l.Active, cancellationToken);

    public async Task<CollectResult> CollectAsync(Caller caller, string noteId, CollectRequest request, CancellationToken cancellationToken)
    {
        var note = (await notes.GetAsync(noteId, caller, cancellationToken)).Value;
        var boardId = request.BoardId ?? Board.DefaultId;
        await GetOwnBoardAsync(caller.UserId, boardId, createDefault: true, cancellationToken);
        var (_, after) = await counters.WriteAsync<Collect>(Collections.Collects, caller.UserId, note.Id, current =>
        {
            if (current?.BoardId == boardId)
            {
                return null;
            }

            // Collecting again into another board moves the note there.
            List<CounterOp> ops = current is null
                ?
                [
                    new(CounterOp.NewId(), Subjects.Note(note.Id), CounterNames.Collects, 1),
                    new(CounterOp.NewId(), Subjects.User(note.AuthorId), CounterNames.CollectsReceived, 1),
                ]
                : [new(CounterOp.NewId(), Subjects.Board(caller.UserId, current.BoardId), CounterNames.Notes, -1)];
            ops.Add(new(CounterOp.NewId(), Subjects.Board(caller.UserId, boardId), CounterNames.Notes, 1));
            var collect = new Collect
            {
                UserId = caller.UserId,
                NoteId = note.Id,
                NoteAuthorId = note.AuthorId,
                BoardId = boardId,
                CollectedAt = clock.GetUtcNow(),
                PendingCounts = ops,
            };
            // Moving a note to another board is not news to its author.
            return current is null ? collect with { PendingEvents = [CommunityEvents.Collected(collect)] } : collect;
        }, c => !c.Active, cancellationToken);
        var counts = await counters.ReadAsync(Subjects.Note(note.Id), cancellationToken);
        return new CollectResult(true, after is not null, boardId, counts.GetValueOrDefault(CounterNames.Collects));
    }

    public async Task<CollectResult> UncollectAsync(Caller caller, string noteId, CancellationToken cancellationToken)
    {
        var note = await FindNoteAsync(noteId, cancellationToken);
        var (_, after) = await UncollectAsync(caller.UserId, note.Id, cancellationToken);
        ThrowIfHiddenFrom(caller, note);
        var counts = await counters.ReadAsync(Subjects.Note(note.Id), cancellationToken);
        return new CollectResult(false, after is not null, null, counts.GetValueOrDefault(CounterNames.Collects));
    }

    internal Task<(Collect? Before, Collect? After)> UncollectAsync(string userId, string noteId, CancellationToken cancellationToken) =>
        counters.WriteAsync<Collect>(Collections.Collects, userId, noteId, current => current is null ? null : current with
        {
            Active = false,
            PendingCounts =
            [
                new(CounterOp.NewId(), Subjects.Note(noteId), CounterNames.Collects, -1),
                new(CounterOp.NewId(), Subjects.User(current.NoteAuthorId), CounterNames.CollectsReceived, -1),
                new(CounterOp.NewId(), Subjects.Board(userId, current.BoardId), CounterNames.Notes, -1),
            ],
        }, c => !c.Active, cancellationToken);

    public async Task<BoardView> CreateBoardAsync(Caller caller, CreateBoardRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim() ?? "";
        ValidateBoardName(name);
        var existing = await ListBoardDocumentsAsync(caller.UserId, cancellationToken);
        if (existing.Count >= _options.MaxBoards)
        {
            throw PlatformException.Conflict("board.too_many", $"You may have at most {_options.MaxBoards} boards.");
        }

        var board = new Board(Ids.New(), caller.UserId, name, request.Private ?? false, clock.GetUtcNow());
        await store.CreateAsync(Collections.Boards, caller.UserId, board.Id, board, cancellationToken);
        return new BoardView(board.Id, board.Name, board.Private, 0, board.CreatedAt);
    }

    public async Task<BoardView> UpdateBoardAsync(Caller caller, string boardId, UpdateBoardRequest request, CancellationToken cancellationToken)
    {
        var board = await GetOwnBoardAsync(caller.UserId, boardId, createDefault: true, cancellationToken);
        var name = request.Name?.Trim() ?? board.Name;
        ValidateBoardName(name);
        var updated = board with { Name = name, Private = request.Private ?? board.Private };
        await store.UpsertAsync(Collections.Boards, caller.UserId, boardId, updated, cancellationToken);
        var counts = await counters.ReadAsync(Subjects.Board(caller.UserId, boardId), cancellationToken);
        return new BoardView(updated.Id, updated.Name, updated.Private, counts.GetValueOrDefault(CounterNames.Notes), updated.CreatedAt);
    }

    /// <summary>Deletes a board and uncollects what was in it. The default board stays.</summary>
    public async Task DeleteBoardAsync(Caller caller, string boardId, CancellationToken cancellationToken)
    {
        if (boardId == Board.DefaultId)
        {
            throw PlatformException.Invalid("boardId", "board.default_kept", "The default board cannot be deleted.");
        }

        await GetOwnBoardAsync(caller.UserId, boardId, createDefault: false, cancellationToken);
        await RemoveBoardAsync(caller.UserId, boardId, cancellationToken);
    }

    internal async Task RemoveBoardAsync(string userId, string boardId, CancellationToken cancellationToken)
    {
        var collected = await Paging.AllAsync<Collect>(store, Collections.Collects,
            new DocumentQuery { PartitionKey = userId, Where = [new("boardId", boardId), new("active", true)], OrderBy = "collectedAt" },
            cancellationToken);
        foreach (var c in collected)
        {
            await UncollectAsync(userId, c.Value.NoteId, cancellationToken);
        }

        await store.DeleteAsync(Collections.Boards, userId, boardId, null, cancellationToken);
    }

    /// <summary>A user's boards with their note counts; private boards only for their owner. The default board is always there.</summary>
    public async Task<IReadOnlyList<BoardView>> ListBoardsAsync(string userId, Caller? caller, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(userId))
        {
            return [];
        }

        var boards = await ListBoardDocumentsAsync(userId, cancellationToken);
        if (!boards.Any(b => b.Id == Board.DefaultId))
        {
            boards.Insert(0, DefaultBoard(userId));
        }

        var visible = boards.Where(b => !b.Private || caller?.UserId == userId).ToList();
        var counts = await counters.ReadManyAsync(visible.Select(b => Subjects.Board(userId, b.Id)), cancellationToken);
        return visible
            .Select(b => new BoardView(b.Id, b.Name, b.Private, counts[Subjects.Board(userId, b.Id)].GetValueOrDefault(CounterNames.Notes), b.CreatedAt))
            .ToList();
    }

    /// <summary>The notes in a board, most recently collected first; notes the caller may not see are left out.</summary>
    public async Task<Page<NoteResponse>> ListBoardNotesAsync(
        string userId, string boardId, Caller? caller, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var board = Ids.IsWellFormed(userId) && Ids.IsWellFormed(boardId)
            ? boardId == Board.DefaultId
                ? DefaultBoard(userId)
                : (await store.FindAsync<Board>(Collections.Boards, userId, boardId, cancellationToken))?.Value
            : null;
        if (board is null || (board.Private && caller?.UserId != userId))
        {
            throw PlatformException.NotFound("board.not_found", $"Board '{boardId}' does not exist.");
        }

        var page = await Paging.QueryAsync<Collect>(store, Collections.Collects, new DocumentQuery
        {
            PartitionKey = userId,
            Where = [new("boardId", boardId), new("active", true)],
            OrderBy = "collectedAt",
            Descending = true,
            Limit = Math.Clamp(pageSize ?? 20, 1, _options.MaxPageSize),
            Continuation = continuation,
        }, cancellationToken);
        var items = new List<NoteResponse>();
        foreach (var c in page.Items)
        {
            var note = await notes.FindAsync(c.Value.NoteId, cancellationToken);
            if (note is not null && note.Value.IsVisibleTo(caller?.UserId))
            {
                items.Add(NoteResponse.From(note.Value, note.ETag, caller?.UserId));
            }
        }

        return new Page<NoteResponse>(items, page.Continuation);
    }

    public async Task<FollowResult> SetFollowAsync(Caller caller, string userId, bool follow, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(userId))
        {
            throw PlatformException.NotFound("user.not_found", $"User '{userId}' does not exist.");
        }

        if (userId == caller.UserId)
        {
            throw PlatformException.Invalid("userId", "follow.self", "You cannot follow yourself.");
        }

        var (_, after) = await SetFollowAsync(caller.UserId, userId, follow, cancellationToken);
        var counts = await counters.ReadAsync(Subjects.User(userId), cancellationToken);
        return new FollowResult(follow, after is not null, counts.GetValueOrDefault(CounterNames.Followers));
    }

    internal Task<(Follow? Before, Follow? After)> SetFollowAsync(string followerId, string followeeId, bool follow, CancellationToken cancellationToken) =>
        counters.WriteAsync<Follow>(Collections.Follows, followerId, followeeId, current =>
        {
            if ((current is not null) == follow)
            {
                return null;
            }

            var delta = follow ? 1 : -1;
            var written = new Follow
            {
                FollowerId = followerId,
                FolloweeId = followeeId,
                Active = follow,
                FollowedAt = clock.GetUtcNow(),
                PendingCounts =
                [
                    new(CounterOp.NewId(), Subjects.User(followeeId), CounterNames.Followers, delta),
                    new(CounterOp.NewId(), Subjects.User(followerId), CounterNames.Following, delta),
                ],
            };
            return follow ? written with { PendingEvents = [CommunityEvents.Followed(written)] } : written;
        }, f => !f.Active, cancellationToken);

    public async Task<bool> IsFollowingAsync(string followerId, string followeeId, CancellationToken cancellationToken) =>
        (await store.FindAsync<Follow>(Collections.Follows, followerId, followeeId, cancellationToken))?.Value.Active == true;

    /// <summary>Whom a user follows, most recent first.</summary>
    public Task<DocumentPage<Follow>> ListFollowingAsync(string userId, int limit, string? continuation, CancellationToken cancellationToken) =>
        Paging.QueryAsync<Follow>(store, Collections.Follows, new DocumentQuery
        {
            PartitionKey = userId,
            Where = [new("active", true)],
            OrderBy = "followedAt",
            Descending = true,
            Limit = limit,
            Continuation = continuation,
        }, cancellationToken);

    /// <summary>Who follows a user, most recent first.</summary>
    public Task<DocumentPage<Follow>> ListFollowersAsync(string userId, int limit, string? continuation, CancellationToken cancellationToken) =>
        Paging.QueryAsync<Follow>(store, Collections.Follows, new DocumentQuery
        {
            Where = [new("followeeId", userId), new("active", true)],
            OrderBy = "followedAt",
            Descending = true,
            Limit = limit,
            Continuation = continuation,
        }, cancellationToken);

    /// <summary>Whether the caller liked and collected a note.</summary>
    public async Task<NoteViewerState> ViewerStateAsync(string userId, string noteId, CancellationToken cancellationToken)
    {
        var like = store.FindAsync<Like>(Collections.Likes, noteId, userId, cancellationToken);
        var collect = store.FindAsync<Collect>(Collections.Collects, userId, noteId, cancellationToken);
        var liked = (await like)?.Value.Active == true;
        var collected = (await collect)?.Value is { Active: true } c ? c : null;
        return new NoteViewerState(liked, collected is not null, collected?.BoardId);
    }

    public async Task<NoteStats> StatsAsync(string noteId, CancellationToken cancellationToken)
    {
        var counts = await counters.ReadAsync(Subjects.Note(noteId), cancellationToken);
        return new NoteStats(
            counts.GetValueOrDefault(CounterNames.Likes), counts.GetValueOrDefault(CounterNames.Collects), counts.GetValueOrDefault(CounterNames.Comments),
            counts.GetValueOrDefault(CounterNames.Views), counts.GetValueOrDefault(CounterNames.Shares));
    }

    internal async Task<List<Board>> ListBoardDocumentsAsync(string userId, CancellationToken cancellationToken) =>
        (await Paging.AllAsync<Board>(store, Collections.Boards, new DocumentQuery { PartitionKey = userId, OrderBy = "createdAt" }, cancellationToken))
            .Select(d => d.Value).ToList();

    private async Task<Board> GetOwnBoardAsync(string userId, string boardId, bool createDefault, CancellationToken cancellationToken)
    {
        var board = Ids.IsWellFormed(boardId)
            ? (await store.FindAsync<Board>(Collections.Boards, userId, boardId, cancellationToken))?.Value
            : null;
        if (board is not null)
        {
            return board;
        }

        if (boardId == Board.DefaultId && createDefault)
        {
            board = DefaultBoard(userId);
            try
            {
                await store.CreateAsync(Collections.Boards, userId, board.Id, board, cancellationToken);
            }
            catch (DocumentConflictException)
            {
                // Created by a concurrent collect: same board.
            }

            return board;
        }

        throw PlatformException.NotFound("board.not_found", $"Board '{boardId}' does not exist.");
    }

    private static Board DefaultBoard(string userId) => new(Board.DefaultId, userId, Board.DefaultName, false, DateTimeOffset.UnixEpoch);

    private void ValidateBoardName(string name)
    {
        new Validation()
            .Require(name.Length > 0, "name", "board.name_required", "A board needs a name.")
            .Require(Text.FitsWithin(name, _options.BoardNameMaxLength), "name", "board.name_too_long",
                $"A board name may have at most {_options.BoardNameMaxLength} characters.")
            .ThrowIfInvalid();
    }

    private async Task<Note> FindNoteAsync(string noteId, CancellationToken cancellationToken) =>
        (await notes.FindAsync(noteId, cancellationToken))?.Value ?? throw NoteNotFound(noteId);

    private static void ThrowIfHiddenFrom(Caller caller, Note note)
    {
        if (!note.IsVisibleTo(caller.UserId))
        {
            throw NoteNotFound(note.Id);
        }
    }

    private static PlatformException NoteNotFound(string noteId) => PlatformException.NotFound("note.not_found", $"Note '{noteId}' does not exist.");
}
