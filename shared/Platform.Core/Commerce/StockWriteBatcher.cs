using System.Collections.Concurrent;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>
/// Group commit for stock documents. Changes to one document that arrive while a write to it is in flight wait in its lane;
/// when the write ends, the waiting changes are applied together, in arrival order, to one read of the document and written
/// with one ETag-checked replace, then each is answered with its own result (or its own refusal). A hot SKU's buyers on one
/// instance thus cost one read and one write per batch, not per buyer, and never collide with each other; the ETag check still
/// decides between instances (a lost race reads again and re-applies the whole batch). With combining off, each change is its
/// own batch, written by its caller.
/// </summary>
internal sealed class StockWriteBatcher(IDocumentStore store, int maxAttempts, bool combine)
{
    /// <summary>At most this many changes share one write, so a document stays small enough to write at once and one slow
    /// batch does not hold everyone.</summary>
    private const int MaxBatch = 64;

    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private long _conflicts;
    private long _writes;
    private long _changes;

    /// <summary>ETag conflicts retried since start (contention between instances, or between uncombined writers).</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>Changes applied per write since start (how much group commit combined).</summary>
    public double ChangesPerWrite => Interlocked.Read(ref _writes) == 0 ? 0 : (double)Interlocked.Read(ref _changes) / Interlocked.Read(ref _writes);

    /// <summary>
    /// Applies <paramref name="change"/> to stock document <paramref name="id"/> (its own partition key). The change returns
    /// the next version (null: nothing to write) and its result; it may run more than once and must have no other effect. It
    /// may throw a <see cref="PlatformException"/> to refuse, which fails only this change. Once submitted, a change is applied
    /// even if the caller stops waiting (a hold whose order is never written expires).
    /// </summary>
    public async Task<T> SubmitAsync<T>(string id, Func<SkuStock?, (SkuStock? Next, T Result)> change, CancellationToken cancellationToken)
    {
        var pending = new Pending(current =>
        {
            var (next, result) = change(current);
            return (next, result);
        });
        if (!combine)
        {
            await WriteAsync(id, [pending]);
        }
        else
        {
            var lane = _lanes.GetOrAdd(id, _ => new Lane());
            bool lead;
            lock (lane)
            {
                lane.Waiting.Add(pending);
                lead = !lane.Running;
                lane.Running = true;
            }

            if (lead)
            {
                _ = Task.Run(() => DrainAsync(id, lane), CancellationToken.None);
            }
        }

        return (T)(await pending.Completion.Task.WaitAsync(cancellationToken))!;
    }

    private async Task DrainAsync(string id, Lane lane)
    {
        while (true)
        {
            List<Pending> batch;
            lock (lane)
            {
                if (lane.Waiting.Count == 0)
                {
                    lane.Running = false;
                    _lanes.TryRemove(KeyValuePair.Create(id, lane));
                    return;
                }

                var take = Math.Min(MaxBatch, lane.Waiting.Count);
                batch = lane.Waiting.GetRange(0, take);
                lane.Waiting.RemoveRange(0, take);
            }

            await WriteAsync(id, batch);
        }
    }

    private async Task WriteAsync(string id, IReadOnlyList<Pending> batch)
    {
        var results = new object?[batch.Count];
        var refusals = new Exception?[batch.Count];
        var decisions = 0;
        try
        {
            var update = await store.UpdateAsync<SkuStock>(Collections.Stock, id, id, current =>
            {
                if (decisions++ > 0)
                {
                    Interlocked.Increment(ref _conflicts); // each decision after the first follows a lost race
                }

                Array.Clear(results);
                Array.Clear(refusals);
                var next = current;
                var changed = false;
                for (var i = 0; i < batch.Count; i++)
                {
                    try
                    {
                        var (after, result) = batch[i].Change(next);
                        results[i] = result;
                        if (after is not null)
                        {
                            (next, changed) = (after, true);
                        }
                    }
                    catch (PlatformException e)
                    {
                        refusals[i] = e;
                    }
                }

                return changed ? next : null;
            }, maxAttempts, CancellationToken.None);
            if (update.Changed)
            {
                Interlocked.Increment(ref _writes);
                Interlocked.Add(ref _changes, batch.Count);
            }
        }
        catch (Exception e)
        {
            var failure = e is DocumentPreconditionFailedException
                ? new PlatformException(ErrorKind.Unavailable, "stock.busy",
                    "Too many buyers are changing this item's stock at once; try again in a moment.") { RetryAfter = TimeSpan.FromSeconds(1) }
                : e;
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(failure);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (refusals[i] is { } refusal)
            {
                batch[i].Completion.TrySetException(refusal);
            }
            else
            {
                batch[i].Completion.TrySetResult(results[i]);
            }
        }
    }

    private sealed class Lane
    {
        public List<Pending> Waiting { get; } = [];

        public bool Running { get; set; }
    }

    private sealed class Pending(Func<SkuStock?, (SkuStock? Next, object? Result)> change)
    {
        public Func<SkuStock?, (SkuStock? Next, object? Result)> Change { get; } = change;

        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
