using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Platform.Tests.Identity;

/// <summary>
/// A Microsoft Entra External ID tenant as the API sees it, served by WireMock: the OIDC metadata under
/// <c>/&lt;tenant-id&gt;/v2.0/.well-known/openid-configuration</c> and its JWKS, with an RS256 key made here, and tokens shaped
/// like the tenant's (issuer <c>https://&lt;tenant-id&gt;.ciamlogin.com/&lt;tenant-id&gt;/v2.0</c>, audience the API's client id).
/// </summary>
public sealed class ExternalIdAuthority : IDisposable
{
    public const string TenantId = "5b1f3a1e-7c2d-4f7e-9a4b-2d8c6e0f1a23";
    public const string ApiClientId = "3f2a9c4d-8b1e-4d6f-a0c7-95e2b4d1f608";
    public const string WebClientId = "a7c1e5f9-2b4d-4e8a-b6c3-1d9f0e2a4b57";
    public const string ModeratorsGroupId = "0c4e7a2b-1f3d-4b5a-8e6c-9d2f1a3b4c5d";
    public const string Issuer = $"https://{TenantId}.ciamlogin.com/{TenantId}/v2.0";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly WireMockServer _server = WireMockServer.Start();

    public ExternalIdAuthority()
    {
        Key = new RsaSecurityKey(_rsa) { KeyId = "external-id-key-1" };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = Key.KeyId });
        var metadata = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{Authority}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{Authority}/oauth2/v2.0/token",
            ["jwks_uri"] = $"{_server.Url}/{TenantId}/discovery/v2.0/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        });
        var keys = JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        _server.Given(Request.Create().WithPath($"/{TenantId}/v2.0/.well-known/openid-configuration").UsingGet())
            .RespondWith(Response.Create().WithHeader("content-type", "application/json").WithBody(metadata));
        _server.Given(Request.Create().WithPath($"/{TenantId}/discovery/v2.0/keys").UsingGet())
            .RespondWith(Response.Create().WithHeader("content-type", "application/json").WithBody(keys));
    }

    /// <summary>As configured in Azure: no trailing slash (the metadata must still be looked up under <c>v2.0/</c>).</summary>
    public string Authority => $"{_server.Url}/{TenantId}/v2.0";

    public RsaSecurityKey Key { get; }

    public IReadOnlyList<string> RequestedPaths => _server.LogEntries.Select(e => e.RequestMessage.Path).ToList();

    /// <summary>The API's settings for this tenant, with the app roles the infra README registers.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Platform:Auth:Issuer"] = Issuer,
        ["Platform:Auth:Audience"] = ApiClientId,
        ["Platform:Auth:Authority"] = Authority,
        ["Platform:Auth:WebClientId"] = WebClientId,
        ["Platform:Auth:WebScopes"] = $"api://{ApiClientId}/access",
        ["Platform:Auth:RoleMap:moderator"] = $"Moderator {ModeratorsGroupId}",
        ["Platform:Auth:RoleMap:brand"] = "BrandStaff",
        ["Platform:Auth:RoleMap:admin"] = "Platform.Admin",
        ["Platform:Auth:BrandRolePrefix"] = "Brand.",
    };

    /// <summary>A token as the tenant issues it; <paramref name="claims"/> adds or replaces claims (arrays for multi-valued ones).</summary>
    public string Token(IDictionary<string, object>? claims = null, string issuer = Issuer, string audience = ApiClientId,
        SecurityKey? key = null, DateTime? now = null)
    {
        var at = now ?? DateTime.UtcNow;
        var all = new Dictionary<string, object>
        {
            ["sub"] = "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
            ["oid"] = "00000000-0000-0000-66f3-3332eca7ea81",
            ["name"] = "Lee",
            ["tid"] = TenantId,
            ["azp"] = WebClientId,
            ["scp"] = "access",
            ["ver"] = "2.0",
        };
        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
        {
            all[name] = value;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = all,
            IssuedAt = at,
            NotBefore = at,
            Expires = at.AddHours(1),
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
        _rsa.Dispose();
    }
}
