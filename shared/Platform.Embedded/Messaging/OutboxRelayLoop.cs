using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Messaging;

namespace Platform.Embedded.Messaging;

/// <summary>The embedded counterpart of the timer-triggered outbox relay function: runs <see cref="OutboxRelay"/> on an interval.</summary>
public sealed class OutboxRelayLoop(OutboxRelay relay, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxRelayLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await relay.RelayAsync(stoppingToken);
                await Task.Delay(options.Value.Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The outbox relay failed; retrying");
                await Task.Delay(options.Value.Interval, clock, CancellationToken.None);
            }
        }
    }
}
