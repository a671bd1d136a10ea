using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Messaging;
using Platform.Embedded.Hosting;

namespace Platform.Embedded.Messaging;

/// <summary>The embedded counterpart of the timer-triggered outbox relay function: runs <see cref="OutboxRelay"/> on an interval.</summary>
public sealed class OutboxRelayLoop(
    OutboxRelay relay, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxRelayLoop> logger)
    : TimerLoop(clock, logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    // Events written while the host was down go out at once (it starts after the host's first answer: see EmbeddedMessaging).
    protected override bool RunAtStart => true;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => relay.RelayAsync(cancellationToken);
}
