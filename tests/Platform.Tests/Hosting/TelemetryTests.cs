using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Platform.Core.Messaging;
using Platform.Tests.Messaging;
using Platform.Tests.Support;

namespace Platform.Tests.Hosting;

/// <summary>
/// The app's OpenTelemetry set-up (PlatformTelemetry, both hosts) exports one trace from the HTTP request through the
/// note's outbox and the bus into the handler: seen here by an in-memory exporter. The embedded host without an exporter
/// builds no providers (TelemetryProvidersTests); the test's exporter builds the tracer, which takes the app's sources.
/// </summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly MessageRecorder _recorder = new();
    private readonly List<Activity> _exported = [];
    private readonly EmbeddedPlatformWith _platform;

    public TelemetryTests()
    {
        _platform = new EmbeddedPlatformWith(new EmbeddedPlatform(), services =>
        {
            services.AddSingleton(_recorder);
            services.AddMessageHandler<RecordingHandler>(Destinations.Events, "telemetry-test");
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(_exported));
        });
    }

    [Fact]
    public async Task One_trace_is_exported_across_HTTP_outbox_bus_and_handler()
    {
        var response = await _platform.ClientFor("alice").PostAsJsonAsync("/api/notes", new { title = "追踪", body = "" });
        response.EnsureSuccessStatusCode();
        await _recorder.WaitUntilAsync(h => h.Count == 1);
        var traceId = _recorder.Handled[0].TraceId;
        Assert.NotNull(traceId);

        // Spans are exported when they end; the handler's ends just after the recorder saw the message.
        var trace = await SpansOfAsync(traceId, spans =>
            spans.Any(s => s.Kind == ActivityKind.Consumer && s.Source.Name == MessageTracing.SourceName));

        var server = Assert.Single(trace, s => s.Kind == ActivityKind.Server);
        Assert.Equal("Microsoft.AspNetCore", server.Source.Name);
        Assert.Null(server.ParentId); // the request started the trace: nothing came in with it
        Assert.Contains(trace, s => s.Kind == ActivityKind.Producer && s.Source.Name == MessageTracing.SourceName);
        var consumer = Assert.Single(trace, s => s.Kind == ActivityKind.Consumer && s.Tags.Any(t => t.Value == "telemetry-test"));
        Assert.Equal(Destinations.Events, consumer.GetTagItem("messaging.destination.name"));
    }

    public void Dispose() => _platform.Dispose();

    private async Task<List<Activity>> SpansOfAsync(string traceId, Func<List<Activity>, bool> complete)
    {
        var provider = _platform.Services.GetRequiredService<TracerProvider>();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            provider.ForceFlush();
            List<Activity> spans;
            lock (_exported)
            {
                spans = _exported.Where(s => s.TraceId.ToHexString() == traceId).ToList();
            }

            if (complete(spans))
            {
                return spans;
            }

            await Task.Delay(20, limit.Token);
        }
    }
}
