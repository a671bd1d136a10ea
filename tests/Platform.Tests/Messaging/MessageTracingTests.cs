using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Messaging;
using Platform.Tests.Support;

namespace Platform.Tests.Messaging;

/// <summary>One trace from an HTTP request, through the note's outbox and the bus, into the handler.</summary>
public sealed class MessageTracingTests : IDisposable
{
    private readonly MessageRecorder _recorder = new();
    private readonly EmbeddedPlatformWith _platform;

    public MessageTracingTests()
    {
        TestTracing.EnsureListening();
        _platform = new EmbeddedPlatformWith(new EmbeddedPlatform(), services =>
        {
            services.AddSingleton(_recorder);
            services.AddMessageHandler<RecordingHandler>(Destinations.Events, "trace-test");
        });
    }

    [Fact]
    public async Task The_handler_of_a_note_event_runs_in_the_trace_of_the_request_that_wrote_the_note()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/notes") { Content = JsonContent.Create(new { title = "追踪", body = "" }) };
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        await _platform.ClientFor("alice").SendAsync(request);
        await _recorder.WaitUntilAsync(h => h.Count == 1);

        var handled = _recorder.Handled[0];
        Assert.Equal(traceId, handled.TraceId);
        Assert.StartsWith($"00-{traceId}-", handled.Message.TraceParent, StringComparison.Ordinal);
    }

    public void Dispose() => _platform.Dispose();
}
