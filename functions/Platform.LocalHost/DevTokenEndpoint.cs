using System.Net;
using Platform.Core.Common;
using Platform.Embedded.Identity;
using Platform.Functions;
using Platform.Functions.Http;

namespace Platform.LocalHost;

internal static class DevTokenEndpoint
{
    /// <summary>
    /// <c>POST /dev/token</c> {"userId":"alice","roles":["moderator"],"brandIds":["acme"]}: a one-hour token signed
    /// with the local key. It trusts whoever asks (any role, admin included), so it exists only in embedded mode and
    /// answers only callers on this machine; the local host must still never face a network.
    /// </summary>
    public static void MapDevTokens(this WebApplication app)
    {
        var mode = app.Configuration.GetSection(PlatformOptions.Section).Get<PlatformOptions>()?.Mode ?? PlatformMode.Embedded;
        if (mode != PlatformMode.Embedded || !app.Services.Has<DevTokenIssuer>())
        {
            // In Azure mode tokens come from the identity provider only.
            return;
        }

        app.MapPost("/dev/token", async (HttpContext context, DevTokenIssuer issuer, CancellationToken cancellationToken) =>
        {
            if (!IsLocalCaller(context))
            {
                throw PlatformException.Forbidden("dev.local_only", "Development tokens are issued only to callers on this machine.");
            }

            var body = await context.Request.ReadJsonAsync<DevTokenRequest>(cancellationToken);
            return TypedResults.Ok(issuer.Issue(body));
        });
    }

    /// <summary>
    /// A loopback peer, or none at all (the in-process test server, a Unix socket). A request relayed by a proxy on this
    /// machine (forwarding headers) is not local: its real caller is elsewhere.
    /// </summary>
    internal static bool IsLocalCaller(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey("X-Forwarded-For") || context.Request.Headers.ContainsKey("Forwarded"))
        {
            return false;
        }

        var address = context.Connection.RemoteIpAddress;
        return address is null || IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }
}
