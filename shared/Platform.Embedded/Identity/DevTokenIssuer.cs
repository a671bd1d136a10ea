using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Core.Common;
using Platform.Core.Identity;

namespace Platform.Embedded.Identity;

/// <summary>
/// Issues short-lived tokens signed with the embedded host's local key. Development only: it trusts whatever
/// identity it is asked for, so the embedded host exposes it and the Azure deployment never does.
/// </summary>
public sealed class DevTokenIssuer(IOptions<AuthOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public DevToken Issue(DevTokenRequest request)
    {
        var v = new Validation();
        v.Require(Ids.IsWellFormed(request.UserId), "userId", "dev_token.invalid_user", "userId must be 1-64 letters, digits, '-' or '_'.");
        v.Require((request.BrandIds ?? []).All(Ids.IsWellFormed), "brandIds", "dev_token.invalid_brand", "Every brand id must be well formed.");
        v.ThrowIfInvalid();

        var auth = options.Value;
        var now = clock.GetUtcNow();
        var claims = new List<Claim> { new(PlatformClaims.Subject, request.UserId!) };
        if (!string.IsNullOrWhiteSpace(request.Name))
        {
            claims.Add(new Claim(PlatformClaims.Name, request.Name));
        }

        claims.AddRange((request.Roles ?? []).Select(r => new Claim(PlatformClaims.Roles, r)));
        claims.AddRange((request.BrandIds ?? []).Select(b => new Claim(PlatformClaims.Brands, b)));

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(auth.SigningKey!)), SecurityAlgorithms.HmacSha256),
        });
        return new DevToken(token, "Bearer", (int)Lifetime.TotalSeconds);
    }
}

/// <summary>Who the development token is for; roles are e.g. "moderator" and "brand".</summary>
public sealed record DevTokenRequest(string? UserId, string? Name = null, IReadOnlyList<string>? Roles = null, IReadOnlyList<string>? BrandIds = null);

public sealed record DevToken(string AccessToken, string TokenType, int ExpiresIn);
