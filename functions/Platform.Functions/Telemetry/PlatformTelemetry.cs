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
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (either host, e.g. a local collector or the Aspire dashboard). host.json's
/// <c>"telemetryMode": "OpenTelemetry"</c> covers only the Functions host; this covers the worker, where the code runs.
/// </summary>
public static class PlatformTelemetry
{
    /// <summary>Activity sources exported: the messaging spans and ASP.NET Core's request spans (embedded host).</summary>
    public static IReadOnlyList<string> ActivitySources { get; } = [MessageTracing.SourceName, "Microsoft.AspNetCore"];

    public static OpenTelemetryBuilder AddPlatformTelemetry(this IServiceCollection services, IConfiguration configuration, bool azure)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "platform"))
            .WithTracing(tracing => tracing.AddSource([.. ActivitySources]))
            .WithMetrics(metrics => metrics.AddMeter(PlatformMetrics.MeterName));

        if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
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

        return telemetry;
    }
}
