using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.Azure;
using Platform.Core.Common;
using Platform.Core.Messaging;

namespace Platform.Functions.Telemetry;

/// <summary>
/// OpenTelemetry for both hosts: the app's activity sources (HTTP → outbox → bus → handler share one trace through
/// <see cref="MessageTracing"/>) and its business metrics (<see cref="PlatformMetrics"/>). Exporters: Azure Monitor when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (Azure; the app identity signs in, local auth can stay off), OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (either host, e.g. a local collector or the Aspire dashboard); the embedded
/// host with neither set builds no telemetry providers at all. host.json's
/// <c>"telemetryMode": "OpenTelemetry"</c> covers only the Functions host; this covers the worker, where the code runs.
/// </summary>
public static class PlatformTelemetry
{
    /// <summary>Activity sources exported: the messaging spans and ASP.NET Core's request spans (embedded host).</summary>
    public static IReadOnlyList<string> ActivitySources { get; } = [MessageTracing.SourceName, "Microsoft.AspNetCore"];

    public static IServiceCollection AddPlatformTelemetry(this IServiceCollection services, IConfiguration configuration, bool azure)
    {
        // What the app traces and counts, for whichever tracer and meter providers exist (a test's in-memory exporter too).
        var serviceName = configuration["OTEL_SERVICE_NAME"] ?? "platform";
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .ConfigureResource(resource => resource.AddService(serviceName))
            .AddSource([.. ActivitySources]));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .ConfigureResource(resource => resource.AddService(serviceName))
            .AddMeter(PlatformMetrics.MeterName));

        var otlp = !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!azure && !otlp)
        {
            // The embedded host with nowhere to export: no providers, so nothing listens, no request builds spans nobody
            // reads, and start-up does not build the SDK (about 40 ms of a cold start).
            return services;
        }

        var telemetry = services.AddOpenTelemetry().WithTracing().WithMetrics();
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        if (azure && !string.IsNullOrEmpty(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            telemetry.UseAzureMonitorExporter();
            // Entra ID ingestion with the app's identity, as the host does (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
            services.AddOptions<AzureMonitorExporterOptions>()
                .Configure<IOptions<AzureOptions>>((exporter, azureOptions) => exporter.Credential = azureOptions.Value.CreateCredential());
        }

        return services;
    }
}
