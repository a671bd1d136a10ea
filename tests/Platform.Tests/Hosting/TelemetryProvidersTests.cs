using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Platform.Functions.Telemetry;

namespace Platform.Tests.Hosting;

/// <summary>
/// Which OpenTelemetry providers each composition builds (issue 17, cold start): the embedded host with nowhere to export
/// builds none, so nothing listens to the app's activity sources and start-up does not build the SDK; an OTLP endpoint or
/// the Azure composition builds both.
/// </summary>
public sealed class TelemetryProvidersTests
{
    [Fact]
    public void The_embedded_host_without_an_exporter_builds_no_providers()
    {
        using var services = Compose(azure: false);

        Assert.Null(services.GetService<TracerProvider>());
        Assert.Null(services.GetService<MeterProvider>());
        Assert.Empty(services.GetServices<IHostedService>());
    }

    [Fact]
    public void An_otlp_endpoint_gives_the_embedded_host_both_providers()
    {
        using var services = Compose(azure: false, ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317"));

        Assert.NotNull(services.GetService<TracerProvider>());
        Assert.NotNull(services.GetService<MeterProvider>());
    }

    [Fact]
    public void The_azure_composition_always_builds_both_providers()
    {
        using var services = Compose(azure: true);

        Assert.NotNull(services.GetService<TracerProvider>());
        Assert.NotNull(services.GetService<MeterProvider>());
    }

    private static ServiceProvider Compose(bool azure, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddPlatformTelemetry(configuration, azure);
        return services.BuildServiceProvider();
    }
}
