using Microsoft.AspNetCore.Http;
using Platform.Core.Common;
using Platform.Core.Identity;

namespace Platform.Functions.Http;

/// <summary>
/// Reads the caller from the <c>Authorization: Bearer</c> header. The app validates tokens itself in both hosts,
/// so nothing depends on App Service authentication.
/// </summary>
public sealed class CallerAuthenticator(IAccessTokenValidator validator)
{
    /// <summary>The caller, or a 401 when there is none or the token is bad.</summary>
    public async Task<Caller> RequireAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await FindAsync(request, cancellationToken)
        ?? throw PlatformException.Unauthorized("auth.required", "Sign in: this request needs a bearer token.");

    /// <summary>The caller if a token was sent (and a 401 if it is bad), or null for an anonymous request.</summary>
    public async Task<Caller?> FindAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        string? header = request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            throw PlatformException.Unauthorized("auth.invalid_scheme", "Send the token as 'Authorization: Bearer <token>'.");
        }

        return await validator.ValidateAsync(header[scheme.Length..].Trim(), cancellationToken);
    }
}
