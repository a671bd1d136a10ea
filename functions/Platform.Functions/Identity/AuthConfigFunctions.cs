using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Platform.Core.Identity;

namespace Platform.Functions.Identity;

/// <summary>
/// How the web client signs in, from the API's own settings so that the deployment sets it in one place
/// (<c>Platform__Auth__*</c>): <c>entra</c> (authorization code with PKCE against the authority, for the web client's
/// registration), <c>dev</c> (the embedded host's <c>/dev/token</c>, local runs only) or <c>token</c> (an identity provider
/// but no web client registration: paste a token). Anonymous; it carries only public identifiers, never a secret.
/// </summary>
public sealed class AuthConfigFunctions(IOptions<AuthOptions> options)
{
    [Function(nameof(GetAuthConfig))]
    public Ok<AuthConfig> GetAuthConfig(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/config")] HttpRequest request)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Ok(AuthConfig.From(options.Value));
    }

    /// <summary>
    /// The caller as the API sees it (roles and brands mapped from the validated token): the web client shows navigation
    /// from this, not from the token's raw claims, which name the tenant's app roles.
    /// </summary>
    [Function(nameof(GetSignedInCaller))]
    public Ok<SignedInCaller> GetSignedInCaller(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/me")] HttpRequest request, Caller caller)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new SignedInCaller(caller.UserId, caller.DisplayName, [.. caller.Roles.Order(StringComparer.Ordinal)],
            [.. caller.BrandIds.Order(StringComparer.Ordinal)]));
    }
}

/// <summary>Who signed in, with the platform roles and brands the API grants.</summary>
public sealed record SignedInCaller(string UserId, string? DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> BrandIds);

/// <summary>What the web client needs to sign in; <see cref="Authority"/>, <see cref="ClientId"/> and <see cref="Scopes"/> only for <c>entra</c>.</summary>
public sealed record AuthConfig(string Mode, string? Authority, string? ClientId, IReadOnlyList<string> Scopes)
{
    public const string Entra = "entra";
    public const string Dev = "dev";
    public const string Token = "token";

    public static AuthConfig From(AuthOptions auth) => auth switch
    {
        { Authority: { } authority, WebClientId: { Length: > 0 } clientId } =>
            new AuthConfig(Entra, authority.ToString().TrimEnd('/'), clientId, AuthOptions.SplitValues(auth.WebScopes)),
        { SigningKey.Length: > 0 } => new AuthConfig(Dev, null, null, []),
        _ => new AuthConfig(Token, null, null, []),
    };
}
