using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Media;

namespace Platform.Embedded.Media;

/// <summary>The embedded counterpart of the upload sweep timer function: runs <see cref="UploadSweeper"/> on an interval.</summary>
public sealed class UploadSweepLoop(UploadSweeper sweeper, IOptions<MediaOptions> options, TimeProvider clock, ILogger<UploadSweepLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.UploadSweepInterval, clock, stoppingToken);
                await sweeper.SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The upload sweep failed; retrying");
            }
        }
    }
}
