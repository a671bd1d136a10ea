using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Search;
using Platform.Core.Storage;

namespace Platform.Core.Feed;

/// <summary>
/// "For you": candidates from the reader's strongest topics, followed creators, what similar readers liked, fresh and
/// popular notes (the search index holds only notes others may see), ranked and laid out by <see cref="FeedRanker"/>;
/// each page's notes are read again so nothing held, removed or private since indexing slips through. Anonymous readers
/// get fresh and popular notes of the most active topics. The continuation carries the notes served in this scrolling
/// session and when it began, so later pages never repeat a note and new notes do not shift the order while scrolling.
/// </summary>
public sealed class FeedService(
    ReaderProfiles profiles,
    ISearchIndex index,
    NoteService notes,
    EngagementService engagement,
    IDocumentStore store,
    IOptions<FeedOptions> options,
    TimeProvider clock)
{
    private readonly FeedOptions _options = options.Value;

    /// <summary>How many times a page is re-arranged when notes on it turn out to be hidden since indexing.</summary>
    private const int ArrangeAttempts = 3;

    /// <summary>How many pages of one candidate list are read at most to find notes the reader has not seen.</summary>
    private const int MaxCandidatePages = 4;

    /// <summary>How many topics anonymous readers get fresh and popular notes of.</summary>
    private const int AnonymousTopics = 6;

    public async Task<FeedPage> ReadAsync(Caller? caller, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize ?? _options.DefaultPageSize, 1, _options.MaxPageSize);
        var cursor = Decode(continuation);
        var now = clock.GetUtcNow();
        var session = cursor ?? new FeedCursor(now, "");
        var served = ServedHashes(session);
        var userId = caller?.UserId;

        ReaderProfile? profile = null;
        IReadOnlySet<string> followees = new HashSet<string>();
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        List<FeedCandidate> candidates;
        if (userId is not null)
        {
            profile = ReaderProfileRules.DecayTo(await profiles.SyncEngagementAsync(userId, cancellationToken), now, _options.InterestHalfLife);
            excluded.UnionWith(profile.Seen);
            followees = (await engagement.ListFollowingAsync(userId, Math.Max(1, _options.CandidateFollowees), null, cancellationToken))
                .Items.Select(f => f.Value.FolloweeId).ToHashSet(StringComparer.Ordinal);
            candidates = await ForReaderAsync(userId, profile, followees, caller, excluded, cancellationToken);
        }
        else
        {
            candidates = await ForAnonymousAsync(excluded, cancellationToken);
        }

        // Notes written after the session began wait for the next session: the order does not shift while scrolling.
        candidates.RemoveAll(c => c.CreatedAt > session.Start);
        excluded.UnionWith(candidates.Where(c => served.Contains(ServedHash(c.NoteId))).Select(c => c.NoteId));

        var items = new List<FeedItem>();
        var remaining = 0;
        for (var attempt = 0; attempt < ArrangeAttempts && items.Count < size; attempt++)
        {
            var reader = new FeedReader(userId, profile, followees, excluded, now);
            var (page, left) = FeedRanker.Arrange(candidates, reader, size - items.Count, _options);
            remaining = left;
            var hidden = false;
            foreach (var ranked in page)
            {
                excluded.Add(ranked.Candidate.NoteId);
                var note = await notes.FindAsync(ranked.Candidate.NoteId, cancellationToken);
                if (note is null || !note.Value.IsVisibleToOthers)
                {
                    hidden = true;
                    continue;
                }

                items.Add(new FeedItem(NoteResponse.From(note.Value, note.ETag, userId), ranked.Why));
            }

            if (!hidden)
            {
                break;
            }
        }

        var next = ServedHashList(session).Concat(items.Select(i => ServedHash(i.Note.Id))).TakeLast(_options.MaxServedPerSession).ToArray();
        return new FeedPage(items, items.Count > 0 && remaining > 0 ? Encode(session with { Served = Pack(next) }) : null);
    }

    /// <summary>Records "not interested"; the next page leaves out the note, the topic or the creator.</summary>
    public async Task<NotInterestedResult> NotInterestedAsync(Caller caller, NotInterestedRequest request, CancellationToken cancellationToken)
    {
        var topic = string.IsNullOrWhiteSpace(request.Topic) ? null : SearchText.TopicKey(request.Topic);
        new Validation()
            .Require(request.NoteId is not null || topic is not null || request.CreatorId is not null, "noteId", "feed.nothing_named",
                "Name a note, a topic or a creator you are not interested in.")
            .Require(request.NoteId is null || Ids.IsWellFormed(request.NoteId), "noteId", "feed.invalid_note_id", "The note id is not valid.")
            .Require(request.CreatorId is null || Ids.IsWellFormed(request.CreatorId), "creatorId", "feed.invalid_creator_id", "The creator id is not valid.")
            .Require(topic is null || (topic.Length > 0 && topic.Length <= 100), "topic", "feed.invalid_topic", "The topic is not valid.")
            .ThrowIfInvalid();
        if (request.NoteId is not null && await notes.FindAsync(request.NoteId, cancellationToken) is null)
        {
            throw PlatformException.NotFound("note.not_found", $"Note '{request.NoteId}' does not exist.");
        }

        await profiles.NotInterestedAsync(caller.UserId, request.NoteId, topic, request.CreatorId, cancellationToken);
        return new NotInterestedResult(request.NoteId, topic, request.CreatorId);
    }

    private async Task<List<FeedCandidate>> ForReaderAsync(
        string userId, ReaderProfile profile, IReadOnlySet<string> followees, Caller? caller, IReadOnlySet<string> excluded,
        CancellationToken cancellationToken)
    {
        var per = _options.CandidatesPerSource;
        var topics = profile.Topics
            .Where(t => !profile.NotInterestedTopics.Contains(t.Key))
            .OrderByDescending(t => t.Value.Weight).Take(_options.CandidateTopics).Select(t => t.Key).ToList();
        var searches = topics.SelectMany(t => new[]
            {
                SearchAsync(new NoteSearchQuery { Topics = [t], Sort = SearchSort.Popular, Size = per }, CandidateSources.Topic, t, excluded, cancellationToken),
                SearchAsync(new NoteSearchQuery { Topics = [t], Sort = SearchSort.Latest, Size = per / 2 }, CandidateSources.Topic, t, excluded, cancellationToken),
            })
            .Append(SearchAsync(new NoteSearchQuery { Sort = SearchSort.Latest, Size = per }, CandidateSources.Fresh, null, excluded, cancellationToken))
            .Append(SearchAsync(new NoteSearchQuery { Sort = SearchSort.Popular, Size = per }, CandidateSources.Popular, null, excluded, cancellationToken));
        var found = (await Task.WhenAll(searches)).SelectMany(c => c).ToList();
        found.AddRange(await FollowedAsync(followees, caller, cancellationToken));
        found.AddRange(await SimilarReadersAsync(userId, cancellationToken));
        return found;
    }

    private async Task<List<FeedCandidate>> ForAnonymousAsync(IReadOnlySet<string> excluded, CancellationToken cancellationToken)
    {
        var per = _options.CandidatesPerSource;
        var popular = await index.SearchAsync(
            new NoteSearchQuery { Sort = SearchSort.Popular, Size = per, IncludeHighlights = false, FacetCount = AnonymousTopics }, cancellationToken);
        var byTopic = await Task.WhenAll(popular.Topics.SelectMany(t => new[]
        {
            SearchAsync(new NoteSearchQuery { Topics = [t.Topic], Sort = SearchSort.Popular, Size = per / 2 }, CandidateSources.Popular, t.Topic, excluded, cancellationToken),
            SearchAsync(new NoteSearchQuery { Topics = [t.Topic], Sort = SearchSort.Latest, Size = per / 4 }, CandidateSources.Fresh, t.Topic, excluded, cancellationToken),
        }));
        var fresh = await SearchAsync(new NoteSearchQuery { Sort = SearchSort.Latest, Size = per }, CandidateSources.Fresh, null, excluded, cancellationToken);
        return [.. byTopic.SelectMany(c => c), .. popular.Hits.Select(h => FromHit(h, CandidateSources.Popular, null)), .. fresh];
    }

    /// <summary>
    /// Up to <see cref="NoteSearchQuery.Size"/> notes of one list the reader has not seen, reading further pages of it
    /// (a few at most) when the first ones were seen already: a keen reader of a topic gets its deeper notes, not nothing.
    /// </summary>
    private async Task<List<FeedCandidate>> SearchAsync(
        NoteSearchQuery query, CandidateSources source, string? topic, IReadOnlySet<string> excluded, CancellationToken cancellationToken)
    {
        var found = new List<FeedCandidate>();
        for (var page = 0; page < MaxCandidatePages && found.Count < query.Size; page++)
        {
            var result = await index.SearchAsync(
                query with { Skip = page * query.Size, IncludeHighlights = false, FacetCount = 0 }, cancellationToken);
            found.AddRange(result.Hits.Where(h => !excluded.Contains(h.Id)).Select(h => FromHit(h, source, topic)));
            if (result.Hits.Count < query.Size)
            {
                break;
            }
        }

        return found.Take(query.Size).ToList();
    }

    private static FeedCandidate FromHit(SearchHit hit, CandidateSources source, string? topic) => new(
        hit.Id, hit.AuthorId, hit.Topics.Select(SearchText.TopicKey).ToList(), hit.Topics, hit.CreatedAt, hit.Engagement.Popularity, source, topic);

    private static FeedCandidate FromNote(Note note, CandidateSources source) => new(
        note.Id, note.AuthorId, ReaderProfiles.TopicKeys(note), note.Topics, note.CreatedAt, 0, source);

    private async Task<List<FeedCandidate>> FollowedAsync(IReadOnlySet<string> followees, Caller? caller, CancellationToken cancellationToken)
    {
        const int perCreator = 5;
        var pages = await Task.WhenAll(followees.Select(f => notes.ListByAuthorAsync(f, caller, perCreator, null, cancellationToken)));
        return pages.SelectMany(p => p.Items)
            .Where(n => n.Status == NoteStatus.Published && n.Visibility == NoteVisibility.Public)
            .Select(n => new FeedCandidate(n.Id, n.AuthorId, n.Topics.Select(SearchText.TopicKey).ToList(), n.Topics, n.CreatedAt, 0, CandidateSources.Followed))
            .ToList();
    }

    /// <summary>Readers who liked the reader's latest likes: what else did they like? The notes liked by most of them.</summary>
    private async Task<List<FeedCandidate>> SimilarReadersAsync(string userId, CancellationToken cancellationToken)
    {
        if (_options.SimilarReaderSeeds == 0 || _options.SimilarReadersPerSeed == 0)
        {
            return [];
        }

        var seeds = await LikesOfAsync(userId, _options.SimilarReaderSeeds, cancellationToken);
        var others = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seed in seeds)
        {
            var likers = await store.QueryAsync<Like>(Collections.Likes, new DocumentQuery
            {
                PartitionKey = seed, Where = [new("active", true)], OrderBy = "changedAt", Descending = true, Limit = _options.SimilarReadersPerSeed + 1,
            }, cancellationToken);
            others.UnionWith(likers.Items.Select(l => l.Value.UserId).Where(u => u != userId));
        }

        var liked = await Task.WhenAll(others.Select(o => LikesOfAsync(o, 10, cancellationToken)));
        var mine = seeds.ToHashSet(StringComparer.Ordinal);
        var top = liked.SelectMany(l => l).Where(n => !mine.Contains(n))
            .GroupBy(n => n, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(_options.CandidatesPerSource).Select(g => g.Key).ToList();
        var found = await Task.WhenAll(top.Select(id => notes.FindAsync(id, cancellationToken)));
        return found.Where(n => n is { Value.IsVisibleToOthers: true }).Select(n => FromNote(n!.Value, CandidateSources.SimilarReaders)).ToList();
    }

    private async Task<List<string>> LikesOfAsync(string userId, int limit, CancellationToken cancellationToken) =>
        (await store.QueryAsync<Like>(Collections.Likes, new DocumentQuery
        {
            Where = [new("userId", userId), new("active", true)], OrderBy = "changedAt", Descending = true, Limit = limit,
        }, cancellationToken)).Items.Select(l => l.Value.NoteId).ToList();

    /// <summary>
    /// The scrolling session: when it began and the notes served so far, as 32-bit hashes of their ids packed in base64 (4 bytes
    /// a note instead of 32 characters, so the token stays short enough for a URL; a collision only hides one note this session).
    /// </summary>
    private sealed record FeedCursor(DateTimeOffset Start, string Served);

    private static uint ServedHash(string noteId)
    {
        var hash = 2166136261u;
        foreach (var ch in noteId)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return hash;
    }

    private static uint[] ServedHashList(FeedCursor cursor)
    {
        var bytes = Convert.FromBase64String(cursor.Served);
        return Enumerable.Range(0, bytes.Length / 4).Select(i => BitConverter.ToUInt32(bytes, i * 4)).ToArray();
    }

    private static HashSet<uint> ServedHashes(FeedCursor cursor) => [.. ServedHashList(cursor)];

    private static string Pack(uint[] hashes) => Convert.ToBase64String(hashes.SelectMany(BitConverter.GetBytes).ToArray());

    private static string Encode(FeedCursor cursor) =>
        DocumentEnvelope.EncodeContinuation(JsonSerializer.Serialize(cursor, PlatformJson.Options));

    private static FeedCursor? Decode(string? continuation)
    {
        if (string.IsNullOrEmpty(continuation))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<FeedCursor>(DocumentEnvelope.DecodeContinuation(continuation), PlatformJson.Options)
                is { Served: not null } cursor && Convert.FromBase64String(cursor.Served).Length % 4 == 0 ? cursor : throw new InvalidContinuationException();
        }
        catch (Exception e) when (e is JsonException or InvalidContinuationException or NotSupportedException or FormatException)
        {
            throw PlatformException.Invalid("continuation", "request.invalid_continuation", "The continuation token is not valid.");
        }
    }
}
