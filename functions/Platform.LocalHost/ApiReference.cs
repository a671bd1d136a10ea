using Platform.Functions.OpenApi;
using Scalar.AspNetCore;

namespace Platform.LocalHost;

/// <summary>
/// The embedded host's OpenAPI document at <c>/openapi/v1.json</c> (generated from its function endpoints, see
/// <see cref="PlatformOpenApi"/>) and an interactive reference at <c>/scalar</c>.
/// </summary>
internal static class ApiReference
{
    public static void MapApiReference(this WebApplication app)
    {
        app.MapOpenApi(PlatformOpenApi.DocumentPath);
        // Everything the page needs is served from the package: no web fonts, telemetry, AI agent or hosted services.
        app.MapScalarApiReference(options => options
            .WithTitle("Platform API")
            .WithOpenApiRoutePattern(PlatformOpenApi.DocumentPath)
            .WithDefaultHttpClient(ScalarTarget.Shell, ScalarClient.Curl)
            .AddPreferredSecuritySchemes("bearer")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools()
            .SortTagsAlphabetically());
    }
}
