using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Media;
using Platform.Embedded.Hosting;

namespace Platform.Embedded.Media;

/// <summary>The embedded counterpart of the upload sweep timer function: runs <see cref="UploadSweeper"/> on an interval.</summary>
public sealed class UploadSweepLoop(UploadSweeper sweeper, IOptions<MediaOptions> options, TimeProvider clock, ILogger<UploadSweepLoop> logger)
    : TimerLoop(clock, logger)
{
    protected override TimeSpan Interval => options.Value.UploadSweepInterval;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}
