using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Embedded.Hosting;

/// <summary>
/// The embedded counterpart of a timer-triggered function: runs <see cref="RunOnceAsync"/> every <see cref="Interval"/> on
/// the platform's clock until the host stops. A failed run is logged and the next one tries again, as the timer would.
/// </summary>
public abstract class TimerLoop(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>Time between runs (read before each wait, so a changed setting applies to the next one).</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Whether the first run happens at start rather than after one interval.</summary>
    protected virtual bool RunAtStart => false;

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = !RunAtStart;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (wait)
                {
                    await Task.Delay(Interval, clock, stoppingToken);
                }

                wait = true;
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "{Loop} failed; it runs again after {Interval}", GetType().Name, Interval);
            }
        }
    }
}
