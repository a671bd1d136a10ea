using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Platform.Core.Commerce;
using Platform.Core.Search;
using Platform.Core.Storage;

namespace Platform.Core.Health;

public enum HealthStatus
{
    Healthy,
    Unhealthy,
}

/// <summary>One dependency's answer to a cheap read: its status and how long it took.</summary>
public sealed record DependencyReport(HealthStatus Status, long ElapsedMs);

/// <summary>The platform's status (unhealthy when any dependency is) and each dependency's report, by name.</summary>
public sealed record HealthReport(HealthStatus Status, IReadOnlyDictionary<string, DependencyReport> Dependencies);

/// <summary>
/// Asks each dependency a question that costs next to nothing and must succeed whatever the data: a point read of a document
/// and of a blob that do not exist, a one-item suggestion, a lookup of an unknown payment. Reads only, so probes are safe to
/// repeat as often as a load balancer likes. Failures are logged, never returned: the report is public.
/// The message bus is not probed: Service Bus has no read the app's send-and-receive roles allow that costs nothing, and a
/// broken bus shows in the outbox (events stay pending) and in the queue-lag metric.
/// </summary>
public sealed class DependencyHealth(
    IDocumentStore documents, IBlobStore blobs, ISearchIndex search, IPaymentProvider payments, ILogger<DependencyHealth> logger)
{
    private const string Probe = "health-probe";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var probes = new (string Name, Func<CancellationToken, Task> Read)[]
        {
            ("documents", ct => documents.FindAsync<object>(Collections.OutboxCheckpoints, Probe, Probe, ct)),
            ("blobs", ct => blobs.GetInfoAsync(BlobContainers.Media, Probe, ct)),
            ("search", ct => search.SuggestAsync("健", 1, ct)),
            ("payments", ct => payments.FindPaymentAsync(Probe, ct)),
        };

        var reports = await Task.WhenAll(probes.Select(p => ProbeAsync(p.Name, p.Read, cancellationToken)));
        var dependencies = reports.ToDictionary(r => r.Name, r => r.Report, StringComparer.Ordinal);
        var status = dependencies.Values.All(d => d.Status == HealthStatus.Healthy) ? HealthStatus.Healthy : HealthStatus.Unhealthy;
        return new HealthReport(status, dependencies);
    }

    private async Task<(string Name, DependencyReport Report)> ProbeAsync(string name, Func<CancellationToken, Task> read, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            await read(limit.Token);
            return (name, new DependencyReport(HealthStatus.Healthy, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Health probe of {Dependency} failed", name);
            return (name, new DependencyReport(HealthStatus.Unhealthy, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
    }
}
