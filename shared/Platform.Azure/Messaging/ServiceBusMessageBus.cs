using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Platform.Core.Messaging;

namespace Platform.Azure.Messaging;

/// <summary>
/// Sends to Azure Service Bus with one cached sender per queue or topic. Entities have duplicate detection on, so a
/// re-send of a message id inside the window (the outbox relay racing the fast path) is dropped by the broker.
/// It owns <paramref name="client"/> and closes it when disposed.
/// </summary>
/// <inheritdoc cref="IMessageBus"/>
public sealed class ServiceBusMessageBus(ServiceBusClient client) : IMessageBus, IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, ServiceBusSender> _senders = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken) => PublishAsync([message], cancellationToken);

    /// <inheritdoc/>
    public async Task PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        // Consecutive messages to one destination go in one send, which keeps their order.
        var start = 0;
        while (start < messages.Count)
        {
            var destination = messages[start].Destination;
            var end = start;
            while (end < messages.Count && messages[end].Destination == destination)
            {
                end++;
            }

            using var activity = MessageTracing.StartPublishing(destination, end - start);
            var batch = new List<ServiceBusMessage>(end - start);
            for (var i = start; i < end; i++)
            {
                batch.Add(ServiceBusMapping.ToServiceBusMessage(messages[i]));
            }

            await Sender(destination).SendMessagesAsync(batch, cancellationToken);
            start = end;
        }
    }

    private ServiceBusSender Sender(string destination) => _senders.GetOrAdd(destination, client.CreateSender);

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in _senders.Values)
        {
            await sender.DisposeAsync();
        }

        await client.DisposeAsync();
    }

    // The container may be disposed synchronously (tests, some hosts); closing AMQP links has no synchronous API.
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
