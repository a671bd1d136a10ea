using Microsoft.Azure.Functions.Worker;
using Platform.Core.Messaging;

namespace Platform.Functions.Messaging;

/// <summary>
/// Sends the events that writes left in their documents' outboxes (the process died, or Service Bus was unreachable,
/// between the write and the send). The timer trigger runs on one instance at a time; the embedded host runs the same
/// <see cref="OutboxRelay"/> in a background loop instead.
/// </summary>
public sealed class OutboxRelayFunction(OutboxRelay relay)
{
    [Function(nameof(RelayOutbox))]
    public Task RelayOutbox([TimerTrigger("*/10 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        relay.RelayAsync(cancellationToken);
}
