using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Platform.Core.Messaging;
using Xunit.Abstractions;

namespace Platform.Tests.Messaging;

/// <summary>
/// Figures for the embedded durable queue, end to end (send → SQLite → dispatcher → processed-message record → no-op
/// handler → complete). Prints them; asserts only that every message arrived. Run it alone to read the numbers:
/// <c>dotnet test tests/Platform.Tests.Load --filter "FullyQualifiedName~EmbeddedQueueThroughputTests" --logger "console;verbosity=detailed"</c>;
/// <c>PLATFORM_QUEUE_BENCH_MESSAGES</c> sets the burst size (default 2000).
/// </summary>
public sealed class EmbeddedQueueThroughputTests(ITestOutputHelper output)
{
    private const string Queue = "bench-queue";

    [Fact]
    public async Task Throughput_of_a_burst_and_latency_of_single_sends()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("PLATFORM_QUEUE_BENCH_MESSAGES"), CultureInfo.InvariantCulture, out var n) ? n : 2000;
        var timings = new NoOpTimings();
        await using var host = await EmbeddedMessagingHost.StartAsync(
            handlers: s =>
            {
                Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(s, timings);
                s.AddMessageHandler<NoOpHandler>(Queue);
            },
            settings: new Dictionary<string, string?> { ["Platform:Embedded:Messaging:Concurrency"] = Environment.GetEnvironmentVariable("PLATFORM_QUEUE_BENCH_CONCURRENCY") ?? "16" });

        // Burst: everything sent in batches of 100, measured until the last one is handled.
        var burst = Stopwatch.StartNew();
        for (var start = 0; start < count; start += 100)
        {
            await host.Bus.PublishAsync(
                Enumerable.Range(start, Math.Min(100, count - start)).Select(i => Message(i)).ToList(), default);
        }

        var sent = burst.Elapsed;
        await timings.WaitForAsync(count);
        var drained = burst.Elapsed;

        // Latency: one message at a time, each sent alone, the next sent once the previous is handled.
        var latencies = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            var id = count + i;
            var before = Stopwatch.GetTimestamp();
            await host.Bus.PublishAsync(Message(id), default);
            await timings.WaitForAsync(count + i + 1);
            latencies.Add(Stopwatch.GetElapsedTime(before, timings.HandledAt(id.ToString(CultureInfo.InvariantCulture))).TotalMilliseconds);
        }

        latencies.Sort();
        output.WriteLine($"Embedded queue, {count} messages in one burst: sent in {sent.TotalMilliseconds:F0} ms " +
            $"({count / sent.TotalSeconds:F0} msg/s), all handled after {drained.TotalMilliseconds:F0} ms ({count / drained.TotalSeconds:F0} msg/s end to end)");
        output.WriteLine($"Embedded queue, single sends (send → handler), {latencies.Count} messages: " +
            $"p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F2} ms");
        Assert.Equal(count + 300, timings.Count);
    }

    private static OutgoingMessage Message(int i) => new()
    {
        Id = i.ToString(CultureInfo.InvariantCulture),
        Destination = Queue,
        Type = "bench",
        Body = "{}",
    };

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    public sealed class NoOpTimings
    {
        private readonly ConcurrentDictionary<string, long> _handledAt = new();

        public int Count => _handledAt.Count;

        public void Record(string id) => _handledAt.TryAdd(id, Stopwatch.GetTimestamp());

        public long HandledAt(string id) => _handledAt[id];

        public async Task WaitForAsync(int count)
        {
            var deadline = Stopwatch.StartNew();
            while (_handledAt.Count < count)
            {
                if (deadline.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException($"Only {_handledAt.Count} of {count} handled.");
                }

                await Task.Delay(1);
            }
        }
    }

    public sealed class NoOpHandler(NoOpTimings timings) : IMessageHandler
    {
        public Task HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
        {
            timings.Record(message.Id);
            return Task.CompletedTask;
        }
    }
}
