using Microsoft.Azure.Functions.Worker;
using Platform.Core.Community;

namespace Platform.Functions.Community;

/// <summary>
/// Applies counter changes that a crash left pending on their likes, collects, follows and comments. Counts are right
/// without it except after such a crash; the embedded host runs the same <see cref="CounterSweeper"/> in a background loop.
/// </summary>
public sealed class CounterSweepFunction(CounterSweeper sweeper)
{
    [Function(nameof(SweepCounters))]
    public Task SweepCounters([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
