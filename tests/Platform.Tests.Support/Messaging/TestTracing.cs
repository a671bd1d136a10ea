using System.Diagnostics;
using Platform.Core.Messaging;

namespace Platform.Tests.Messaging;

/// <summary>
/// Stands in for OpenTelemetry's listener: activities are only created when someone listens, so trace tests listen to
/// the messaging source and ASP.NET Core's.
/// </summary>
public static class TestTracing
{
    private static readonly ActivityListener Listener = Create();

    public static void EnsureListening() => GC.KeepAlive(Listener);

    private static ActivityListener Create()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is MessageTracing.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
