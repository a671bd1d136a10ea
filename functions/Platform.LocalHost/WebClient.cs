using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Platform.LocalHost;

/// <summary>
/// Serves the web client (functions/web, copied into the build output as <c>web/</c>) at the site root. The client is
/// plain static files that talk to <c>/api</c> only, so any static host can serve the same folder next to the Functions app.
/// </summary>
internal static class WebClient
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "web");

    // Only the client's own files: scripts are same-origin ES modules and nothing is loaded from elsewhere. Images may come
    // from the media store (in Azure, blob URLs), so img-src also allows https and the placeholders' data: URIs.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob: https:; media-src 'self' blob: https:; connect-src 'self'; "
        + "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void UseWebClient(this WebApplication app)
    {
        if (!Directory.Exists(Root))
        {
            app.Logger.LogWarning("The web client is not in {WebRoot}; only the API is served", Root);
            return;
        }

        var files = new PhysicalFileProvider(Root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // The modules have no content hashes in their names: revalidate each time (a 304 is cheap).
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                headers["Referrer-Policy"] = "same-origin";
            },
        });
    }
}
