using System.ComponentModel.DataAnnotations;

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

    /// <summary>Base URL of the OIDC provider; its <c>/.well-known/openid-configuration</c> is read for keys.</summary>
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
    /// Zero (the default, until PrivacyApiTests passes with a cache: see issue 17's report) checks every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ErasureCheckCacheTime { get; set; } = TimeSpan.Zero;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Authority is null == string.IsNullOrEmpty(SigningKey))
        {
            yield return new ValidationResult(
                "Set exactly one of Authority (OIDC provider) or SigningKey (embedded).",
                [nameof(Authority), nameof(SigningKey)]);
        }

        if (!string.IsNullOrEmpty(SigningKey) && !IsKeyLongEnough(SigningKey))
        {
            yield return new ValidationResult("SigningKey must be base64 of at least 32 bytes.", [nameof(SigningKey)]);
        }
    }

    private static bool IsKeyLongEnough(string key)
    {
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var length) && length >= 32;
    }
}
