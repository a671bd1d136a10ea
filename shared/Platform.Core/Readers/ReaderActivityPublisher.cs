using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Messaging;

namespace Platform.Core.Readers;

/// <summary>
/// Ships counted reader actions as <see cref="ReaderActivityBatch"/> messages on <see cref="Destinations.Events"/> with group
/// commit: while one send is in flight, the actions of every request arriving meanwhile wait and leave together in the next
/// message (up to <see cref="ReaderEventsOptions.MaxItemsPerMessage"/> each). A quiet endpoint sends one message per request at
/// once; a busy one sends far fewer messages than requests, never one per event. Each request's task completes when its
/// actions are on the bus, so a 202 means they are durable.
/// </summary>
/// <remarks>
/// No document is written here, so there is no document outbox to ride on: the bus's own durability is the commit point.
/// </remarks>
public sealed class ReaderActivityPublisher(IMessageBus bus, IOptions<ReaderEventsOptions> options)
{
    private readonly Lock _lock = new();
    private List<Pending> _waiting = [];
    private bool _sending;

    /// <summary>How many messages this instance has sent (for the benchmark and logs).</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    private long _messagesSent;

    public Task PublishAsync(IReadOnlyList<ReaderActivity> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return Task.CompletedTask;
        }

        var pending = new Pending(items);
        bool lead;
        lock (_lock)
        {
            _waiting.Add(pending);
            lead = !_sending;
            _sending = true;
        }

        if (lead)
        {
            _ = SendWhileWaitingAsync();
        }

        return pending.Sent.Task.WaitAsync(cancellationToken);
    }

    private async Task SendWhileWaitingAsync()
    {
        while (true)
        {
            List<Pending> group;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _sending = false;
                    return;
                }

                group = _waiting;
                _waiting = [];
            }

            try
            {
                var messages = group.SelectMany(p => p.Items).Chunk(options.Value.MaxItemsPerMessage).Select(ToMessage).ToList();
                await bus.PublishAsync(messages, CancellationToken.None);
                Interlocked.Add(ref _messagesSent, messages.Count);
                group.ForEach(p => p.Sent.TrySetResult());
            }
            catch (Exception e)
            {
                group.ForEach(p => p.Sent.TrySetException(e));
            }
        }
    }

    private static OutgoingMessage ToMessage(ReaderActivity[] items)
    {
        var id = Ids.New();
        return OutgoingMessage.Create(Destinations.Events, ReaderActivityBatch.MessageType, new ReaderActivityBatch(id, items), id: id);
    }

    private sealed record Pending(IReadOnlyList<ReaderActivity> Items)
    {
        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
