using Microsoft.Extensions.Options;

namespace Platform.Core.Search;

/// <summary>
/// Group commit for engagement counters: every update that arrives within <see cref="SearchOptions.EngagementBatchWindow"/>
/// (or until <see cref="NoteIndexer.MaxBatch"/> notes) goes to the index in one batch, and each caller's task completes when
/// its batch is written (or fails with it). Message handlers await it, so a message is completed only once its counters are in
/// the index, and a burst of likes on many notes costs one index write instead of one each.
/// </summary>
public sealed class EngagementBatcher(NoteIndexer indexer, IOptions<SearchOptions> options, TimeProvider clock)
{
    private readonly TimeSpan _window = options.Value.EngagementBatchWindow;
    private readonly Lock _lock = new();
    private Batch? _open;

    public Task SubmitAsync(EngagementUpdate update, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        Batch batch;
        var full = false;
        lock (_lock)
        {
            if (_open is null)
            {
                _open = new Batch();
                _ = FlushAfterWindowAsync(_open);
            }

            batch = _open;
            // Several changes to one note in a batch: the newest counters win.
            if (!batch.Updates.TryGetValue(update.NoteId, out var seen) || seen.AsOf <= asOf)
            {
                batch.Updates[update.NoteId] = (update, asOf);
            }

            if (batch.Updates.Count >= NoteIndexer.MaxBatch)
            {
                _open = null;
                full = true;
            }
        }

        if (full)
        {
            _ = FlushAsync(batch);
        }

        return batch.Written.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushAfterWindowAsync(Batch batch)
    {
        await Task.Delay(_window, clock);
        lock (_lock)
        {
            if (_open != batch)
            {
                return; // already flushed because it filled up
            }

            _open = null;
        }

        await FlushAsync(batch);
    }

    private async Task FlushAsync(Batch batch)
    {
        try
        {
            await indexer.ApplyEngagementAsync(batch.Updates.Values.Select(u => u.Update), CancellationToken.None);
            batch.Written.TrySetResult();
        }
        catch (Exception e)
        {
            batch.Written.TrySetException(e);
        }
    }

    private sealed class Batch
    {
        public Dictionary<string, (EngagementUpdate Update, DateTimeOffset AsOf)> Updates { get; } = new(StringComparer.Ordinal);

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
