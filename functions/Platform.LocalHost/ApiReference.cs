using Platform.Functions.OpenApi;
using Scalar.AspNetCore;

namespace Platform.LocalHost;

/// <summary>
/// The embedded host's OpenAPI document at <c>/openapi/v1.json</c> and an interactive reference at <c>/scalar</c>. The
/// document is the one the Functions app serves at <c>/api/openapi/v1.json</c> (<see cref="OpenApiDocumentSource"/>:
/// generated from the function classes on its first request), so the host reads no function's contract at start-up.
/// </summary>
internal static class ApiReference
{
    private static readonly string DocumentPath = PlatformOpenApi.DocumentPath.Replace("{documentName}", PlatformOpenApi.DocumentName, StringComparison.Ordinal);

    public static void MapApiReference(this WebApplication app)
    {
        // The function that serves it at /api/openapi/v1.json, at the path ASP.NET Core's OpenAPI endpoint would use.
        app.MapGet(DocumentPath, (OpenApiDocumentSource documents, HttpRequest request, CancellationToken cancellationToken) =>
            new OpenApiFunctions(documents).GetOpenApiDocument(request, cancellationToken)).ExcludeFromDescription();
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
