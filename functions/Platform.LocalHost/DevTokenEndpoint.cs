using Platform.Embedded.Identity;
using Platform.Functions.Http;

namespace Platform.LocalHost;

internal static class DevTokenEndpoint
{
    /// <summary>
    /// <c>POST /dev/token</c> {"userId":"alice","roles":["moderator"],"brandIds":["acme"]}: a one-hour token signed
    /// with the local key. Only the embedded host has it; it trusts whoever asks, so it must never face the internet.
    /// </summary>
    public static void MapDevTokens(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/dev/token", async (HttpRequest request, DevTokenIssuer issuer, CancellationToken cancellationToken) =>
        {
            var body = await request.ReadJsonAsync<DevTokenRequest>(cancellationToken);
            return TypedResults.Ok(issuer.Issue(body));
        });
}
