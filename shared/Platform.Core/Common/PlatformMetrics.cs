using System.Diagnostics.Metrics;

namespace Platform.Core.Common;

/// <summary>
/// The business metrics both hosts export (OpenTelemetry meter <see cref="MeterName"/>): what an operator watches besides
/// request rates. Instruments are static so services record without taking a dependency.
/// </summary>
public static class PlatformMetrics
{
    public const string MeterName = "Platform";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Orders placed by checkout (replays of an idempotency key are not counted).</summary>
    public static Counter<long> Checkouts { get; } = Meter.CreateCounter<long>("platform.checkouts", "{order}", "Orders placed by checkout.");

    /// <summary>Stock held for unpaid orders, in units, tagged by outcome (<c>reserved</c>, <c>released</c>).</summary>
    public static Counter<long> StockHolds { get; } = Meter.CreateCounter<long>("platform.stock.holds", "{unit}", "Units of stock held or released for orders.");

    /// <summary>How long a message waited between being sent and its handler starting, by queue or subscription.</summary>
    public static Histogram<double> QueueLag { get; } = Meter.CreateHistogram<double>("platform.messaging.queue_lag", "s", "Time from send to handling.");

    /// <summary>How long drafting one suggestion took, by outcome.</summary>
    public static Histogram<double> DraftingDuration { get; } = Meter.CreateHistogram<double>("platform.studio.drafting_duration", "s", "Time to draft one suggestion.");
}
