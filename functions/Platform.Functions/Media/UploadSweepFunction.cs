using Microsoft.Azure.Functions.Worker;
using Platform.Core.Media;

namespace Platform.Functions.Media;

/// <summary>
/// Processes uploads whose Event Grid event was lost (see <see cref="UploadSweeper"/>). Every 10 minutes: a lost event
/// delays an upload by minutes, and the timer costs a few executions an hour. The embedded host runs the sweeper in a loop.
/// </summary>
public sealed class UploadSweepFunction(UploadSweeper sweeper)
{
    [Function(nameof(SweepUploads))]
    public Task SweepUploads([TimerTrigger("0 */10 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
