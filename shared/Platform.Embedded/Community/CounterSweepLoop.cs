using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Community;
using Platform.Embedded.Hosting;

namespace Platform.Embedded.Community;

/// <summary>The embedded counterpart of the counter sweep timer function: runs <see cref="CounterSweeper"/> on an interval.</summary>
public sealed class CounterSweepLoop(CounterSweeper sweeper, IOptions<CommunityOptions> options, TimeProvider clock, ILogger<CounterSweepLoop> logger)
    : TimerLoop(clock, logger)
{
    protected override TimeSpan Interval => options.Value.CounterSweepInterval;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}
