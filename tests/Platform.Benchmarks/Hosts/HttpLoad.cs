using System.Diagnostics;
using System.Net;

namespace Platform.Benchmarks.Hosts;

/// <summary>Requests/s and latency percentiles of one load phase.</summary>
internal sealed record LoadFigures(string Name, int Requests, int Failures, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double PerSecond => Requests / Elapsed.TotalSeconds;

    public static LoadFigures Merge(string name, IReadOnlyList<LoadFigures> rounds, IReadOnlyList<double> latencies)
    {
        var sorted = latencies.Order().ToArray();
        return new LoadFigures(name, rounds.Sum(r => r.Requests), rounds.Sum(r => r.Failures),
            TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks)), Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    public override string ToString() =>
        $"{Name,-34} {PerSecond,9:N0} req/s   p50 {P50Ms,7:F2} ms   p99 {P99Ms,7:F2} ms   ({Requests:N0} requests, {Failures} failed)";
}

/// <summary>
/// A closed-loop load over real sockets: <c>connections</c> workers, each with its own connection (one handler, at most that
/// many connections), send a request, wait for the whole answer, send the next, for a fixed time.
/// </summary>
internal sealed class HttpLoad : IDisposable
{
    private readonly HttpClient _client;
    private readonly int _connections;

    public HttpLoad(int connections)
    {
        _connections = connections;
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        })
        { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Runs <paramref name="request"/> (given the worker and its request number) on every connection for <paramref name="duration"/>.</summary>
    public async Task<(LoadFigures Figures, List<double> Latencies)> RunAsync(
        string name, TimeSpan duration, Func<int, int, HttpRequestMessage> request)
    {
        var latencies = new List<double>[_connections];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, _connections).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(4096);
            for (var n = 0; clock.Elapsed < duration; n++)
            {
                using var message = request(worker, n);
                var started = Stopwatch.GetTimestamp();
                using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
                _ = await response.Content.ReadAsByteArrayAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).ToList();
        var sorted = all.Order().ToArray();
        return (new LoadFigures(name, all.Count, failures, elapsed, LoadFigures.Percentile(sorted, 0.5), LoadFigures.Percentile(sorted, 0.99)), all);
    }

    public void Dispose() => _client.Dispose();
}
