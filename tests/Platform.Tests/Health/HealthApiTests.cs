using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Health;
using Platform.Core.Storage;
using Platform.Embedded.Storage;
using Platform.Tests.Support;

namespace Platform.Tests.Health;

public sealed class HealthApiTests
{
    [Fact]
    public async Task Every_dependency_answers_and_the_platform_is_healthy()
    {
        using var platform = new EmbeddedPlatform();

        var response = await platform.CreateClient().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var report = (await response.Content.ReadFromJsonAsync<HealthReport>(Json))!;
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(["blobs", "documents", "payments", "search"], report.Dependencies.Keys.Order());
        Assert.All(report.Dependencies.Values, d => Assert.Equal(HealthStatus.Healthy, d.Status));
    }

    [Fact]
    public async Task A_failing_dependency_makes_it_503_and_is_named_without_its_error()
    {
        using var platform = new EmbeddedPlatform(services: s => s.AddSingleton<IDocumentStore>(
            sp => new UnreachableStore(ActivatorUtilities.CreateInstance<SqliteDocumentStore>(sp))));

        var response = await platform.CreateClient().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("unreachable", body, StringComparison.OrdinalIgnoreCase);
        var report = System.Text.Json.JsonSerializer.Deserialize<HealthReport>(body, Json)!;
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Dependencies["documents"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Dependencies["blobs"].Status);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    // Reads of the probe's collection fail as a lost connection would.
    private sealed class UnreachableStore(IDocumentStore inner) : ForwardingDocumentStore(inner)
    {
        public override Task<StoredDocument<T>?> FindAsync<T>(string collection, string partitionKey, string id, CancellationToken cancellationToken) =>
            collection == Collections.OutboxCheckpoints
                ? throw new HttpRequestException("unreachable")
                : base.FindAsync<T>(collection, partitionKey, id, cancellationToken);
    }
}
