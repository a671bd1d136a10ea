using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Platform.Core.Identity;

namespace Platform.LocalHost;

/// <summary>
/// Serves the web client (functions/web, copied into the build output as <c>web/</c>) at the site root. The client is
/// plain static files that talk to <c>/api</c> only, so any static host can serve the same folder next to the Functions app.
/// </summary>
internal static class WebClient
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "web");

    // Only the client's own files: scripts are same-origin ES modules and nothing is loaded from elsewhere. Images may come
    // from the media store (in Azure, blob URLs), so img-src also allows https and the placeholders' data: URIs. With Entra
    // sign-in configured, MSAL.js reads the authority's metadata and tokens (connect-src) and may refresh in a hidden frame.
    internal static string ContentSecurityPolicy(AuthOptions auth)
    {
        var authority = auth is { Authority: { } uri, WebClientId.Length: > 0 } ? " " + uri.GetLeftPart(UriPartial.Authority) : "";
        return $"default-src 'self'; img-src 'self' data: blob: https:; media-src 'self' blob: https:; connect-src 'self'{authority}; "
            + $"frame-src 'self'{authority}; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";
    }

    public static void UseWebClient(this WebApplication app)
    {
        if (!Directory.Exists(Root))
        {
            app.Logger.LogWarning("The web client is not in {WebRoot}; only the API is served", Root);
            return;
        }

        var policy = ContentSecurityPolicy(app.Services.GetRequiredService<IOptions<AuthOptions>>().Value);
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
                headers[HeaderNames.ContentSecurityPolicy] = policy;
                headers["Referrer-Policy"] = "same-origin";
            },
        });
    }
}
