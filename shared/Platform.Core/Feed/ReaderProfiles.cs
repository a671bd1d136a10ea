using Microsoft.Extensions.Options;
using Platform.Core.Community;
using Platform.Core.Notes;
using Platform.Core.Readers;
using Platform.Core.Search;
using Platform.Core.Storage;

namespace Platform.Core.Feed;

/// <summary>
/// Keeps each signed-in reader's <see cref="ReaderProfile"/>: learns from the reader activity batches the ingestion endpoint
/// ships (impressions, views with dwell, product clicks, shares, video progress) and from the reader's likes and collects,
/// which it folds in when the feed is read (they are facts in their own collections, not events).
/// </summary>
public sealed class ReaderProfiles(IDocumentStore store, NoteService notes, IOptions<FeedOptions> options, TimeProvider clock)
{
    private readonly FeedOptions _options = options.Value;

    /// <summary>How many of the newest likes and collects one sync looks at.</summary>
    private const int SyncWindow = 50;

    public async Task<ReaderProfile> GetAsync(string userId, CancellationToken cancellationToken) =>
        (await store.FindAsync<ReaderProfile>(Collections.ReaderProfiles, userId, userId, cancellationToken))?.Value
        ?? New(userId);

    /// <summary>Applies one batch: one profile write per reader in it, whatever the number of events.</summary>
    public async Task ApplyAsync(ReaderActivityBatch batch, CancellationToken cancellationToken)
    {
        var byReader = batch.Items.Where(i => i.UserId is not null).GroupBy(i => i.UserId!, StringComparer.Ordinal).ToList();
        if (byReader.Count == 0)
        {
            return;
        }

        var found = await FindNotesAsync(byReader.SelectMany(g => g.Select(i => i.NoteId)), cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var reader in byReader)
        {
            var signals = reader
                .Where(a => found.ContainsKey(a.NoteId) && found[a.NoteId].AuthorId != reader.Key)
                .Select(a => Signal(a, found[a.NoteId]))
                .ToList();
            if (signals.Count == 0)
            {
                continue;
            }

            await store.UpdateAsync<ReaderProfile>(Collections.ReaderProfiles, reader.Key, reader.Key, current =>
            {
                var profile = current ?? New(reader.Key);
                return ReaderProfileRules.TryMarkBatch(ref profile, batch.BatchId)
                    ? ReaderProfileRules.Learn(profile, signals, now, _options)
                    : null;
            }, DocumentUpdates.UntilWritten, cancellationToken);
        }
    }

    /// <summary>Folds the reader's likes and collects made since the last sync into their profile, and returns it.</summary>
    public async Task<ReaderProfile> SyncEngagementAsync(string userId, CancellationToken cancellationToken)
    {
        var profile = await GetAsync(userId, cancellationToken);
        var since = profile.EngagementSyncedTo ?? DateTimeOffset.MinValue;
        var likes = await store.QueryAsync<Like>(Collections.Likes, new DocumentQuery
        {
            Where = [new("userId", userId), new("active", true)], OrderBy = "changedAt", Descending = true, Limit = SyncWindow,
        }, cancellationToken);
        var collects = await store.QueryAsync<Collect>(Collections.Collects, new DocumentQuery
        {
            PartitionKey = userId, Where = [new("active", true)], OrderBy = "collectedAt", Descending = true, Limit = SyncWindow,
        }, cancellationToken);
        var fresh = likes.Items.Select(l => (l.Value.NoteId, At: l.Value.ChangedAt, Weight: 3.0))
            .Concat(collects.Items.Select(c => (c.Value.NoteId, At: c.Value.CollectedAt, Weight: 5.0)))
            .Where(e => e.At > since)
            .ToList();
        if (fresh.Count == 0)
        {
            return profile;
        }

        var found = await FindNotesAsync(fresh.Select(e => e.NoteId), cancellationToken);
        var syncedTo = fresh.Max(e => e.At);
        var now = clock.GetUtcNow();
        var update = await store.UpdateAsync<ReaderProfile>(Collections.ReaderProfiles, userId, userId, current =>
        {
            var from = current?.EngagementSyncedTo ?? DateTimeOffset.MinValue;
            var signals = fresh.Where(e => e.At > from && found.ContainsKey(e.NoteId))
                .Select(e => new InterestSignal(e.NoteId, found[e.NoteId].AuthorId, TopicKeys(found[e.NoteId]), null, e.Weight, Liked: true))
                .ToList();
            return from >= syncedTo
                ? null
                : ReaderProfileRules.Learn(current ?? New(userId), signals, now, _options) with { EngagementSyncedTo = syncedTo };
        }, DocumentUpdates.UntilWritten, cancellationToken);
        return update.Current?.Value ?? profile;
    }

    /// <summary>Records "not interested" in a note, a topic or a creator.</summary>
    public async Task<ReaderProfile> NotInterestedAsync(string userId, string? noteId, string? topicKey, string? creatorId, CancellationToken cancellationToken)
    {
        var update = await store.UpdateAsync<ReaderProfile>(Collections.ReaderProfiles, userId, userId,
            current => ReaderProfileRules.NotInterested(current ?? New(userId), noteId, topicKey, creatorId, _options),
            DocumentUpdates.UntilWritten, cancellationToken);
        return update.Current!.Value;
    }

    /// <summary>What one accepted action says about the reader's interests.</summary>
    public static InterestSignal Signal(ReaderActivity activity, Note note)
    {
        var (weight, productId) = activity.Kind switch
        {
            ActivityKind.Impression => (0.0, null),
            // A bounce (under two seconds) says little; a long read says more, up to a point.
            ActivityKind.View => (activity.DwellMs is null or < 2000 ? 0.3 : 1 + Math.Min(activity.DwellMs.Value / 15_000.0, 2), null),
            ActivityKind.ProductClick => (3.0, activity.ProductId),
            ActivityKind.Share => (4.0, (string?)null),
            ActivityKind.VideoProgress => (activity.Progress is >= 0.5 ? 1.5 * activity.Progress.Value : 0, null),
            _ => (0.0, null),
        };
        return new InterestSignal(note.Id, note.AuthorId, TopicKeys(note), productId, weight, Liked: false);
    }

    public static IReadOnlyList<string> TopicKeys(Note note) => note.Topics.Select(SearchText.TopicKey).Distinct(StringComparer.Ordinal).ToList();

    private async Task<Dictionary<string, Note>> FindNotesAsync(IEnumerable<string> noteIds, CancellationToken cancellationToken)
    {
        var ids = noteIds.Distinct(StringComparer.Ordinal).ToList();
        var found = await Task.WhenAll(ids.Select(id => notes.FindAsync(id, cancellationToken)));
        return found.Where(n => n is not null).ToDictionary(n => n!.Value.Id, n => n!.Value, StringComparer.Ordinal);
    }

    private ReaderProfile New(string userId) => new() { UserId = userId, DecayedTo = clock.GetUtcNow() };
}
