using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Community;

/// <summary>
/// The "following" view: recent notes of the people the caller follows, newest first. A pull model (no fan-out on
/// write): each page merges the newest notes of every followed author. The continuation remembers, per author already
/// read from, where their next note is (their notes query's continuation and how many of that page were shown).
/// </summary>
public sealed class FollowingFeed(EngagementService engagement, NoteService notes, IOptions<CommunityOptions> options)
{
    private readonly CommunityOptions _options = options.Value;

    public async Task<Page<NoteResponse>> ReadAsync(Caller caller, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(pageSize ?? 20, 1, _options.MaxPageSize);
        var cursors = Decode(continuation);
        var followees = (await engagement.ListFollowingAsync(caller.UserId, _options.FeedMaxFollowees, null, cancellationToken))
            .Items.Select(f => f.Value.FolloweeId).ToList();

        // Each author's next page from where the cursor left off, a few authors at a time.
        var heads = new Dictionary<string, AuthorHead>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(followees, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (author, ct) =>
        {
            var cursor = cursors.GetValueOrDefault(author) ?? new AuthorCursor(null, 0, false);
            if (cursor.Done)
            {
                return;
            }

            var page = await notes.ListByAuthorAsync(author, null, limit, cursor.PageStart, ct);
            lock (heads)
            {
                heads[author] = new AuthorHead(cursor, page);
            }
        });

        var items = new List<NoteResponse>();
        var offsets = heads.ToDictionary(h => h.Key, h => h.Value.Cursor.Offset, StringComparer.Ordinal);
        while (items.Count < limit)
        {
            var next = heads
                .Where(h => offsets[h.Key] < h.Value.Page.Items.Count)
                .Select(h => (Author: h.Key, Note: h.Value.Page.Items[offsets[h.Key]]))
                .OrderByDescending(c => c.Note.CreatedAt).ThenByDescending(c => c.Note.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            if (next.Note is null)
            {
                break;
            }

            items.Add(next.Note);
            offsets[next.Author]++;
        }

        var remaining = false;
        var nextCursors = new Dictionary<string, AuthorCursor>(cursors, StringComparer.Ordinal);
        foreach (var (author, head) in heads)
        {
            var offset = offsets[author];
            var cursor = offset < head.Page.Items.Count
                ? head.Cursor with { Offset = offset }
                : head.Page.Continuation is null ? new AuthorCursor(null, 0, true) : new AuthorCursor(head.Page.Continuation, 0, false);
            remaining |= !cursor.Done;
            if (cursor.PageStart is null && cursor.Offset == 0 && !cursor.Done)
            {
                nextCursors.Remove(author);
            }
            else
            {
                nextCursors[author] = cursor;
            }
        }

        return new Page<NoteResponse>(items, remaining && items.Count > 0 ? Encode(nextCursors) : null);
    }

    private sealed record AuthorCursor(string? PageStart, int Offset, bool Done);

    private sealed record AuthorHead(AuthorCursor Cursor, NotePage Page);

    private static string Encode(Dictionary<string, AuthorCursor> cursors) =>
        DocumentEnvelope.EncodeContinuation(JsonSerializer.Serialize(cursors, PlatformJson.Options));

    private static Dictionary<string, AuthorCursor> Decode(string? continuation)
    {
        if (string.IsNullOrEmpty(continuation))
        {
            return new Dictionary<string, AuthorCursor>(StringComparer.Ordinal);
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, AuthorCursor>>(DocumentEnvelope.DecodeContinuation(continuation), PlatformJson.Options)
                ?? throw new InvalidContinuationException();
        }
        catch (Exception e) when (e is JsonException or InvalidContinuationException or NotSupportedException)
        {
            throw PlatformException.Invalid("continuation", "request.invalid_continuation", "The continuation token is not valid.");
        }
    }
}
