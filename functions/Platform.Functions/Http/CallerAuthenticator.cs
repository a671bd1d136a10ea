using System.Reflection;
using Microsoft.AspNetCore.Http;
using Platform.Core.Common;
using Platform.Core.Identity;

namespace Platform.Functions.Http;

/// <summary>Whether a function needs a signed-in caller, as its <see cref="Caller"/> parameter declares.</summary>
public enum CallerRequirement
{
    /// <summary>It has no <see cref="Caller"/> parameter.</summary>
    None,

    /// <summary>It declares <c>Caller? caller</c>: anonymous or signed in (a bad token is still a 401).</summary>
    Optional,

    /// <summary>It declares <c>Caller caller</c>: it answers 401 without a valid bearer token.</summary>
    Required,
}

/// <summary>
/// Reads the caller from the <c>Authorization: Bearer</c> header, once per request, for the function's <see cref="Caller"/>
/// parameter. The app validates tokens itself in both hosts, so nothing depends on App Service authentication; both hosts
/// call <see cref="ResolveAsync"/> before the function runs (the worker in <see cref="CallerMiddleware"/>, the embedded host
/// in its binder) and bind the parameter from <see cref="HttpContext.Items"/>.
/// </summary>
public sealed class CallerAuthenticator(IAccessTokenValidator validator, ErasedAccounts erased)
{
    private static readonly object ItemKey = typeof(Caller);
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>What a function method declares: <c>Caller caller</c> (required), <c>Caller? caller</c> (optional) or neither.</summary>
    public static CallerRequirement RequirementOf(MethodInfo method)
    {
        var parameter = method.GetParameters().FirstOrDefault(p => p.ParameterType == typeof(Caller));
        if (parameter is null)
        {
            return CallerRequirement.None;
        }

        lock (Nullability)
        {
            return Nullability.Create(parameter).ReadState == NullabilityState.Nullable ? CallerRequirement.Optional : CallerRequirement.Required;
        }
    }

    /// <summary>
    /// Authenticates the request as <paramref name="requirement"/> asks and keeps the caller (or null) for <see cref="Bound"/>:
    /// a 401 problem (auth.required) when a required caller sent no token, and (auth.invalid_scheme, auth.invalid_token, ...)
    /// whenever a token is sent but bad.
    /// </summary>
    public async Task ResolveAsync(HttpContext context, CallerRequirement requirement, CancellationToken cancellationToken)
    {
        if (requirement == CallerRequirement.None)
        {
            return;
        }

        var caller = await FindAsync(context.Request, cancellationToken);
        if (caller is null && requirement == CallerRequirement.Required)
        {
            throw PlatformException.Unauthorized("auth.required", "Sign in: this request needs a bearer token.");
        }

        context.Items[ItemKey] = caller;
    }

    /// <summary>The caller <see cref="ResolveAsync"/> found for this request, or null.</summary>
    public static Caller? Bound(HttpContext? context) => context?.Items.TryGetValue(ItemKey, out var caller) == true ? caller as Caller : null;

    private async Task<Caller?> FindAsync(HttpRequest request, CancellationToken cancellationToken)
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

        var caller = await validator.ValidateAsync(header[scheme.Length..].Trim(), cancellationToken);
        // A deleted account's token stops working now, not when it expires: writes read the erasure record every time, reads
        // may reuse this instance's answer for a few seconds (Platform:Auth:ErasureCheckCacheTime).
        await erased.EnsureActiveAsync(caller, cancellationToken, forRead: HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
        return caller;
    }
}
