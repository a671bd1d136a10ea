using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Platform.Core.Messaging;
using Platform.Core.Search;
using Platform.Core.Storage;

namespace Platform.Core.Community;

/// <summary>
/// A change to one counter of one subject ("note-{id}" likes +1), named by a unique id so applying it twice counts once.
/// </summary>
public sealed record CounterOp(string Id, string Subject, string Name, int Delta)
{
    /// <summary>64 random bits: unique enough among the recent operations one counter remembers.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}

/// <summary>
/// A source-of-truth document (a like, a follow, a comment) that carries the counter changes its last writes implied,
/// until they are applied. Writing the truth and its pending changes in one document write is what keeps counters from
/// drifting: a crash after the write leaves the changes here for <see cref="CounterSweeper"/> to apply.
/// </summary>
/// <remarks>
/// A fact is also its own outbox (<see cref="IOutboxDocument{TSelf}"/>): the events of a write (a like, a follow) are stored
/// with it and sent when its counter changes are settled, so they cost no extra write on the hot path.
/// </remarks>
public interface ICounted<TSelf> : IOutboxDocument<TSelf>
    where TSelf : ICounted<TSelf>
{
    IReadOnlyList<CounterOp> PendingCounts { get; }

    /// <summary>Stored as a top-level property so the sweeper can query for documents with changes left to apply.</summary>
    bool HasPendingCounts { get; }

    TSelf WithPendingCounts(IReadOnlyList<CounterOp> pending);

    /// <summary>The same fact with these events pending (replacing those it had).</summary>
    TSelf WithPendingEvents(IReadOnlyList<OutgoingMessage> events);
}

/// <summary>
/// The counts of one subject, plus the ids of the operations most recently applied to them. A note's counter document
/// carries its <c>note.engagement_changed</c> event in its own outbox, written in the same write as the counts.
/// </summary>
public sealed record CounterDocument : IOutboxDocument<CounterDocument>
{
    public required string Subject { get; init; }

    public Dictionary<string, long> Counts { get; init; } = [];

    /// <summary>Most recent first, at most <see cref="CounterStore.RememberedOperations"/>.</summary>
    public List<string> Applied { get; init; } = [];

    /// <inheritdoc/>
    public IReadOnlyList<OutgoingMessage> PendingEvents { get; init; } = [];

    /// <inheritdoc/>
    public CounterDocument WithoutPendingEvents() => this with { PendingEvents = [] };

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Counter subjects: what is counted, in one place so readers and writers agree.</summary>
public static class Subjects
{
    public static string Note(string noteId) => "note-" + noteId;

    /// <summary>The note id of a note subject; null for any other subject.</summary>
    public static string? NoteIdOf(string subject) => subject.StartsWith("note-", StringComparison.Ordinal) ? subject["note-".Length..] : null;

    public static string User(string userId) => "user-" + userId;

    public static string Comment(string commentId) => "comment-" + commentId;

    public static string Board(string userId, string boardId) => $"board-{userId}-{boardId}";
}

/// <summary>Counter names.</summary>
public static class CounterNames
{
    public const string Likes = "likes";
    public const string Collects = "collects";
    public const string Comments = "comments";
    public const string Replies = "replies";
    public const string Followers = "followers";
    public const string Following = "following";
    public const string LikesReceived = "likesReceived";
    public const string CollectsReceived = "collectsReceived";
    public const string Notes = "notes";

    // What readers did with a note (reader.activity batches).
    public const string Views = "views";
    public const string Impressions = "impressions";
    public const string Shares = "shares";
    public const string ProductClicks = "productClicks";
}

/// <summary>
/// Eventually consistent counters that never drift. The truth is one document per fact (a like per note and user); each
/// write of a fact records the counter changes it implies in the same document (<see cref="ICounted{TSelf}"/>); the
/// changes are then applied to the counter document with an ETag-checked read-modify-write that also remembers the
/// operation id (so a retry or the sweeper applying it again has no effect), and finally cleared from the fact.
/// </summary>
public sealed class CounterStore(IDocumentStore store, Outbox outbox, IMessageBus bus, TimeProvider clock, ILogger<CounterStore> logger)
{
    /// <summary>How many applied operation ids a counter remembers: far more than can be applied to one subject between
    /// an operation's own apply and its clearing (or the sweeper's next pass).</summary>
    public const int RememberedOperations = 256;

    /// <summary>The counts of a subject (absent names are zero).</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadAsync(string subject, CancellationToken cancellationToken)
    {
        var found = await store.FindAsync<CountsOnly>(Collections.Counters, subject, subject, cancellationToken);
        return found?.Value.Counts ?? [];
    }

    // What a read needs of a counter document: the counts, not the ids of the last operations applied (up to 256 of them,
    // ~10 KB on a popular note) nor its pending events, which the JSON reader then skips instead of building.
    private sealed record CountsOnly(Dictionary<string, long>? Counts);

    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>> ReadManyAsync(
        IEnumerable<string> subjects, CancellationToken cancellationToken)
    {
        var distinct = subjects.Distinct(StringComparer.Ordinal).ToList();
        var counts = await Task.WhenAll(distinct.Select(s => ReadAsync(s, cancellationToken)));
        return distinct.Zip(counts).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>Applies operations not yet applied, each subject in one ETag-checked write. Safe to repeat.</summary>
    public async Task ApplyAsync(IReadOnlyList<CounterOp> operations, CancellationToken cancellationToken)
    {
        foreach (var group in operations.GroupBy(o => o.Subject, StringComparer.Ordinal))
        {
            await ApplyToSubjectAsync(group.Key, group.ToList(), cancellationToken);
        }
    }

    /// <summary>
    /// Writes a fact: reads it, lets <paramref name="change"/> decide the new version (null: nothing to do) with the counter
    /// changes it implies appended to its pending ones, writes it with its ETag (retrying on a concurrent write), then applies
    /// and clears the pending changes. A fact that <paramref name="isTombstone"/> says is gone is deleted once settled.
    /// </summary>
    /// <returns>The fact before and after; After is null when nothing changed.</returns>
    public async Task<(T? Before, T? After)> WriteAsync<T>(
        string collection, string partitionKey, string id, Func<T?, T?> change, Func<T, bool> isTombstone, CancellationToken cancellationToken)
        where T : class, ICounted<T>
    {
        T? before = null;
        var update = await store.UpdateAsync<T>(collection, partitionKey, id, current =>
        {
            before = current is { } v && !isTombstone(v) ? v : null;
            if (change(before) is not { } next)
            {
                return null;
            }

            // Changes still pending from an earlier write (a crash before they were applied) travel with the new version.
            // So do events not yet sent.
            return current is null
                ? next
                : next.WithPendingCounts([.. current.PendingCounts.Where(p => !next.PendingCounts.Contains(p)), .. next.PendingCounts])
                    .WithPendingEvents([.. current.PendingEvents.Where(e => next.PendingEvents.All(n => n.Id != e.Id)), .. next.PendingEvents]);
        }, DocumentUpdates.UntilWritten, cancellationToken);
        if (update.Written is not { } written)
        {
            return (before, null);
        }

        await SettleAsync(collection, partitionKey, id, written, isTombstone, cancellationToken);
        return (before, written.Value);
    }

    /// <summary>
    /// Applies a fact's pending counter changes and sends its pending events, then clears both from it in one replace
    /// (deleting it if it is a tombstone). Events that could not be sent stay for the outbox relay.
    /// </summary>
    public async Task SettleAsync<T>(
        string collection, string partitionKey, string id, StoredDocument<T> written, Func<T, bool> isTombstone, CancellationToken cancellationToken)
        where T : class, ICounted<T>
    {
        var applied = written.Value.PendingCounts;
        var events = written.Value.PendingEvents;
        if (applied.Count == 0 && events.Count == 0 && !isTombstone(written.Value))
        {
            return;
        }

        await ApplyAsync(applied, cancellationToken);
        var sent = await TrySendAsync(events, collection, id, cancellationToken);
        var ids = applied.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var current = written;
        for (var attempt = 0; attempt < 5 && current is not null; attempt++)
        {
            var remaining = current.Value.PendingCounts.Where(o => !ids.Contains(o.Id)).ToList();
            var unsent = current.Value.PendingEvents.Where(e => !sent.Contains(e.Id)).ToList();
            try
            {
                // A tombstone's unsent events go with it: they announced something taken back since.
                if (remaining.Count == 0 && isTombstone(current.Value))
                {
                    await store.DeleteAsync(collection, partitionKey, id, current.ETag, cancellationToken);
                }
                else if (remaining.Count != current.Value.PendingCounts.Count || unsent.Count != current.Value.PendingEvents.Count)
                {
                    await store.ReplaceAsync(collection, partitionKey, id,
                        current.Value.WithPendingCounts(remaining).WithPendingEvents(unsent), current.ETag, cancellationToken);
                }

                return;
            }
            catch (Exception e) when (e is DocumentPreconditionFailedException or DocumentMissingException)
            {
                // A newer write carries the same pending changes forward; clear them from it (they are applied already).
                current = await store.FindAsync<T>(collection, partitionKey, id, cancellationToken);
            }
        }

        // Still pending after repeated races: harmless, the operations are remembered as applied and the sweeper clears them.
    }

    private async Task<HashSet<string>> TrySendAsync(IReadOnlyList<OutgoingMessage> events, string collection, string id, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return [];
        }

        try
        {
            await bus.PublishAsync(events, cancellationToken);
            return events.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Events of {Collection} {DocumentId} were not sent now; the outbox relay will send them", collection, id);
            // Left on the fact: the outbox relay sends them from the change feed (receivers drop duplicates by message id).
            return [];
        }
    }

    private async Task ApplyToSubjectAsync(string subject, List<CounterOp> operations, CancellationToken cancellationToken)
    {
        // Lost a race for a hot counter: the operations apply again to the newer version.
        var update = await store.UpdateAsync<CounterDocument>(Collections.Counters, subject, subject, current =>
        {
            var document = current ?? new CounterDocument { Subject = subject };
            var fresh = operations.Where(o => !document.Applied.Contains(o.Id)).ToList();
            if (fresh.Count == 0)
            {
                return null;
            }

            var counts = new Dictionary<string, long>(document.Counts, StringComparer.Ordinal);
            foreach (var op in fresh)
            {
                counts[op.Name] = counts.GetValueOrDefault(op.Name) + op.Delta;
            }

            var now = clock.GetUtcNow();
            return document with
            {
                Counts = counts,
                Applied = [.. fresh.Select(o => o.Id).Reverse(), .. document.Applied.Take(RememberedOperations - fresh.Count)],
                UpdatedAt = now,
                // Counts are absolute, so the newest event supersedes any not yet sent.
                PendingEvents = Subjects.NoteIdOf(subject) is { } noteId ? [EngagementChanged(noteId, counts, now)] : document.PendingEvents,
            };
        }, DocumentUpdates.UntilWritten, cancellationToken);
        if (update.Written is { Value.PendingEvents.Count: > 0 } written)
        {
            await outbox.FlushAsync(Collections.Counters, subject, subject, written, cancellationToken);
        }
    }

    private static OutgoingMessage EngagementChanged(string noteId, Dictionary<string, long> counts, DateTimeOffset asOf) =>
        EngagementEvents.For(noteId, EngagementOf(counts), asOf,
            impressions: counts.GetValueOrDefault(CounterNames.Impressions), productClicks: counts.GetValueOrDefault(CounterNames.ProductClicks));

    /// <summary>A note's engagement counters as search ranks them.</summary>
    public static EngagementCounts EngagementOf(IReadOnlyDictionary<string, long> counts) => new(
        counts.GetValueOrDefault(CounterNames.Likes), counts.GetValueOrDefault(CounterNames.Collects), counts.GetValueOrDefault(CounterNames.Comments),
        counts.GetValueOrDefault(CounterNames.Shares), counts.GetValueOrDefault(CounterNames.Views));
}
