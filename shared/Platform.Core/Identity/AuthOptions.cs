using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Core.Identity;

/// <summary>
/// How access tokens are validated. In Azure: <see cref="Authority"/> names the identity provider
/// (e.g. Microsoft Entra External ID) whose OIDC metadata supplies the signing keys. Embedded: a local
/// symmetric <see cref="SigningKey"/>, which the embedded host creates in its data folder when unset.
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Platform:Auth";

    [Required]
    public string Issuer { get; set; } = "";

    [Required]
    public string Audience { get; set; } = "";

    /// <summary>
    /// Base URL of the OIDC provider (e.g. <c>https://&lt;tenant&gt;.ciamlogin.com/&lt;tenant-id&gt;/v2.0</c>); its
    /// <c>/.well-known/openid-configuration</c> is read for keys. HTTPS, except on a loopback host (tests).
    /// </summary>
    public Uri? Authority { get; set; }

    /// <summary>Base64 HMAC-SHA256 key of at least 32 bytes, for the embedded host only.</summary>
    public string? SigningKey { get; set; }

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a validated token's caller is reused for the same token (never past its expiry), so that reads do not pay
    /// for signature validation each time. Zero validates every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ValidatedTokenCacheTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a "not erased" answer is reused for reads (GET, HEAD) of the same account on this instance; writes always
    /// check. An account erased on another instance can read for at most this long (its data is being erased anyway).
    /// An erasure made on this instance is seen at once. Zero checks every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ErasureCheckCacheTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Which values of the token's <c>roles</c> (app roles) or <c>groups</c> (group object ids) claims grant each platform
    /// role: key = platform role (<c>moderator</c>, <c>brand</c>, <c>admin</c>), value = the values that grant it, separated
    /// by spaces or commas. Any other value in the token grants nothing. The defaults read the platform's own names (the
    /// embedded host's dev tokens); Azure maps the app roles of the API registration (e.g. <c>Moderator</c>).
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [PlatformRoles.Moderator] = PlatformRoles.Moderator,
        [PlatformRoles.BrandMember] = PlatformRoles.BrandMember,
        [PlatformRoles.Admin] = PlatformRoles.Admin,
    };

    /// <summary>
    /// Brand membership from app roles: a <c>roles</c> value <c>&lt;prefix&gt;&lt;brand id&gt;</c> (e.g. <c>Brand.acme</c>) makes the
    /// caller a member of that brand, with the <c>brand</c> role. Groups join a brand by being assigned that app role.
    /// Empty (the default): no brand comes from app roles.
    /// </summary>
    public string BrandRolePrefix { get; set; } = "";

    /// <summary>
    /// The claim listing brand ids the caller acts for (with the <c>brand</c> role), e.g. a directory extension attribute
    /// the identity provider emits. Empty: brand membership comes from <see cref="BrandRolePrefix"/> only.
    /// </summary>
    public string BrandClaim { get; set; } = PlatformClaims.Brands;

    /// <summary>
    /// Application (client) id of the web client's own registration (a single-page application). Set, the web client signs
    /// in with the authorization-code flow with PKCE against <see cref="Authority"/> (<c>GET /api/auth/config</c> tells it);
    /// empty, it offers the embedded dev sign-in.
    /// </summary>
    public string? WebClientId { get; set; }

    /// <summary>Scopes the web client asks for, separated by spaces: the API's exposed scope, e.g. <c>api://&lt;api-client-id&gt;/access</c>.</summary>
    public string? WebScopes { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Authority is null == string.IsNullOrEmpty(SigningKey))
        {
            yield return new ValidationResult(
                "Set exactly one of Authority (OIDC provider) or SigningKey (embedded).",
                [nameof(Authority), nameof(SigningKey)]);
        }

        if (Authority is { } authority && (!authority.IsAbsoluteUri || (authority.Scheme != Uri.UriSchemeHttps && !authority.IsLoopback)))
        {
            yield return new ValidationResult("Authority must be an absolute https URL.", [nameof(Authority)]);
        }

        if (!string.IsNullOrEmpty(SigningKey) && !IsKeyLongEnough(SigningKey))
        {
            yield return new ValidationResult("SigningKey must be base64 of at least 32 bytes.", [nameof(SigningKey)]);
        }

        string[] known = [PlatformRoles.Moderator, PlatformRoles.BrandMember, PlatformRoles.Admin];
        foreach (var role in RoleMap.Keys.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            yield return new ValidationResult($"RoleMap:{role} is not a platform role ({string.Join(", ", known)}).", [nameof(RoleMap)]);
        }

        if (BrandRolePrefix.Length > 0 && (BrandRolePrefix.Any(char.IsWhiteSpace) || RoleMap.Values.SelectMany(SplitValues).Any(v => v.StartsWith(BrandRolePrefix, StringComparison.Ordinal))))
        {
            yield return new ValidationResult("BrandRolePrefix must have no spaces and begin no value of RoleMap.", [nameof(BrandRolePrefix)]);
        }

        if (!string.IsNullOrEmpty(WebClientId) && Authority is null)
        {
            yield return new ValidationResult("WebClientId needs Authority: the web client signs in there.", [nameof(WebClientId)]);
        }
    }

    /// <summary>The values of a <see cref="RoleMap"/> entry, or the scopes of <see cref="WebScopes"/>.</summary>
    public static string[] SplitValues(string? values) =>
        (values ?? "").Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsKeyLongEnough(string key)
    {
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var length) && length >= 32;
    }
}

/// <summary>Checks <see cref="AuthOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class AuthOptionsValidator : IValidateOptions<AuthOptions>;
