using Platform.Core.Community;

namespace Platform.Core.Readers;

/// <summary>
/// Group commit for reader counters across deliveries: while one group of counter operations is being written, the operations
/// of every batch delivered meanwhile wait and are written together next, so a hot note is written once per group instead of
/// once per message (and its writers do not fight over its ETag). Each delivery's task completes when its operations are
/// stored, or fails with its group (then the message is retried; operations already applied are remembered by id and skipped).
/// </summary>
public sealed class ReaderCounterBatcher(CounterStore counters)
{
    /// <summary>Most messages merged into one group: keeps the operation ids one counter write remembers well under
    /// <see cref="CounterStore.RememberedOperations"/> (4 counters per note per message), so a retry is still recognised.</summary>
    public const int MaxMessagesPerGroup = 32;

    private const int ParallelNotes = 8;

    private readonly Lock _lock = new();
    private readonly List<Pending> _waiting = [];
    private bool _applying;

    public Task ApplyAsync(IReadOnlyList<CounterOp> operations, CancellationToken cancellationToken)
    {
        if (operations.Count == 0)
        {
            return Task.CompletedTask;
        }

        var pending = new Pending(operations);
        bool lead;
        lock (_lock)
        {
            _waiting.Add(pending);
            lead = !_applying;
            _applying = true;
        }

        if (lead)
        {
            _ = ApplyWhileWaitingAsync();
        }

        return pending.Applied.Task.WaitAsync(cancellationToken);
    }

    private async Task ApplyWhileWaitingAsync()
    {
        while (true)
        {
            List<Pending> group;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _applying = false;
                    return;
                }

                group = _waiting.Take(MaxMessagesPerGroup).ToList();
                _waiting.RemoveRange(0, group.Count);
            }

            try
            {
                // Notes are independent documents: several at once, each written once for the whole group.
                await Parallel.ForEachAsync(
                    group.SelectMany(p => p.Operations).GroupBy(o => o.Subject, StringComparer.Ordinal),
                    new ParallelOptions { MaxDegreeOfParallelism = ParallelNotes },
                    async (note, ct) => await counters.ApplyAsync([.. note], ct));
                group.ForEach(p => p.Applied.TrySetResult());
            }
            catch (Exception e)
            {
                group.ForEach(p => p.Applied.TrySetException(e));
            }
        }
    }

    private sealed record Pending(IReadOnlyList<CounterOp> Operations)
    {
        public TaskCompletionSource Applied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
