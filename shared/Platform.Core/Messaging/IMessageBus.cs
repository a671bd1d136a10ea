namespace Platform.Core.Messaging;

/// <summary>
/// Sends messages to queues and topics. Adapters: Azure Service Bus, and an embedded durable queue (SQLite).
/// </summary>
/// <remarks>
/// Sending is at-least-once: a send that failed may still have arrived, so callers retry with the same message ids and
/// receivers de-duplicate on them. To make a document write and its events one atomic step, do not call this after the
/// write; put the events in the document's outbox instead (see <see cref="Outbox"/>).
/// </remarks>
public interface IMessageBus
{
    /// <summary>Sends one message; returns once the transport has accepted it durably.</summary>
    Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>Sends several messages, in order; messages to one destination and session keep their order.</summary>
    Task PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken);
}
