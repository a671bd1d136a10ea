using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Community;

namespace Platform.Embedded.Community;

/// <summary>The embedded counterpart of the counter sweep timer function: runs <see cref="CounterSweeper"/> on an interval.</summary>
public sealed class CounterSweepLoop(CounterSweeper sweeper, IOptions<CommunityOptions> options, TimeProvider clock, ILogger<CounterSweepLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.CounterSweepInterval, clock, stoppingToken);
                await sweeper.SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The counter sweep failed; retrying");
            }
        }
    }
}
