using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Platform.Core.Common;

namespace Platform.Core.Identity;

/// <inheritdoc/>
public sealed class JwtAccessTokenValidator : IAccessTokenValidator
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _oidc;
    private readonly RoleMapping _roles;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _cacheTime;

    // Validated tokens by their exact text (a different signature is a different key), with the caller and until when it
    // may be reused. Bounded: cleared when full, which only costs the next validations.
    private readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset Until)> _validated = new(StringComparer.Ordinal);
    private const int MaxCachedTokens = 20_000;

    public JwtAccessTokenValidator(IOptions<AuthOptions> options, TimeProvider clock)
    {
        var auth = options.Value;
        _roles = new RoleMapping(auth);
        _clock = clock;
        _cacheTime = auth.ValidatedTokenCacheTime;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,
            ClockSkew = auth.ClockSkew,
            // The platform's clock, so that expiry agrees with the issuer and with everything else that reads the time.
            LifetimeValidator = (notBefore, expires, _, parameters) => ValidateLifetime(clock.GetUtcNow().UtcDateTime, notBefore, expires, parameters.ClockSkew),
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            NameClaimType = PlatformClaims.Name,
            RoleClaimType = PlatformClaims.Roles,
        };

        if (auth.Authority is not null)
        {
            _oidc = new ConfigurationManager<OpenIdConnectConfiguration>(
                MetadataAddress(auth.Authority).ToString(), new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = !auth.Authority.IsLoopback });
            _parameters.ConfigurationManager = _oidc;
        }
        else
        {
            _parameters.IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(auth.SigningKey!));
            _parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
    }

    /// <summary>
    /// The provider's OIDC metadata document under <paramref name="authority"/>, path kept: for External ID
    /// <c>https://t.ciamlogin.com/&lt;tenant-id&gt;/v2.0</c> gives <c>.../v2.0/.well-known/openid-configuration</c>.
    /// </summary>
    public static Uri MetadataAddress(Uri authority)
    {
        var text = authority.ToString();
        return new Uri(new Uri(text.EndsWith('/') ? text : text + "/"), ".well-known/openid-configuration");
    }

    private static bool ValidateLifetime(DateTime now, DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        if (notBefore is { } from && from > now + skew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = from };
        }

        if (expires is not { } until || until < now - skew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires ?? DateTime.MinValue };
        }

        return true;
    }

    /// <inheritdoc/>
    public async Task<Caller> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (_validated.TryGetValue(token, out var cached))
        {
            if (now < cached.Until)
            {
                return cached.Caller;
            }

            _validated.TryRemove(token, out _);
        }

        var caller = await ValidateNowAsync(token);
        if (_cacheTime > TimeSpan.Zero && caller.ExpiresAt is { } expires)
        {
            if (_validated.Count >= MaxCachedTokens)
            {
                _validated.Clear();
            }

            _validated[token] = (caller, Min(expires, now + _cacheTime));
        }

        return caller;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private async Task<Caller> ValidateNowAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            var code = result.Exception switch
            {
                SecurityTokenExpiredException => "auth.token_expired",
                SecurityTokenInvalidIssuerException => "auth.invalid_issuer",
                SecurityTokenInvalidAudienceException => "auth.invalid_audience",
                _ => "auth.invalid_token",
            };
            throw PlatformException.Unauthorized(code, "The access token is not valid.");
        }

        var identity = result.ClaimsIdentity;
        var userId = identity.FindFirst(PlatformClaims.Subject)?.Value;
        if (!Ids.IsWellFormed(userId))
        {
            throw PlatformException.Unauthorized("auth.invalid_subject", "The access token has no usable subject.");
        }

        var (roles, brands) = _roles.Map(identity);
        return new Caller(userId!, identity.FindFirst(PlatformClaims.Name)?.Value, roles, brands)
        {
            IssuedAt = result.SecurityToken is JsonWebToken { IssuedAt: var issued } && issued != DateTime.MinValue
                ? new DateTimeOffset(issued, TimeSpan.Zero) : null,
            ExpiresAt = result.SecurityToken is JsonWebToken { ValidTo: var expires } && expires != DateTime.MinValue
                ? new DateTimeOffset(expires, TimeSpan.Zero) : null,
        };
    }
}
