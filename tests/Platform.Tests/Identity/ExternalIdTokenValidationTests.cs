using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Platform.Core.Common;
using Platform.Core.Identity;

namespace Platform.Tests.Identity;

/// <summary>
/// The API's own token validation configured for a Microsoft Entra External ID tenant (WireMock serves its metadata and
/// keys): the signing key found through discovery, roles and brands only from the signed claims as the settings map them,
/// and issuer or audience mismatches refused with their own codes.
/// </summary>
public sealed class ExternalIdTokenValidationTests : IDisposable
{
    private readonly ExternalIdAuthority _tenant = new();

    [Fact]
    public async Task A_tenant_token_is_validated_with_the_key_from_the_discovered_metadata()
    {
        var caller = await Validator().ValidateAsync(_tenant.Token(), CancellationToken.None);

        Assert.Equal("AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", caller.UserId);
        Assert.Equal("Lee", caller.DisplayName);
        Assert.Empty(caller.Roles);
        Assert.Empty(caller.BrandIds);
        // The authority has no trailing slash: the metadata is still read under .../v2.0/, then the keys from its jwks_uri.
        Assert.Contains($"/{ExternalIdAuthority.TenantId}/v2.0/.well-known/openid-configuration", _tenant.RequestedPaths);
        Assert.Contains($"/{ExternalIdAuthority.TenantId}/discovery/v2.0/keys", _tenant.RequestedPaths);
    }

    [Theory]
    [InlineData("Moderator", "moderator")]
    [InlineData("Platform.Admin", "admin")]
    [InlineData("BrandStaff", "brand")]
    public async Task App_roles_in_the_roles_claim_map_to_platform_roles(string appRole, string platformRole)
    {
        var caller = await Validator().ValidateAsync(_tenant.Token(Claims(("roles", new[] { appRole }))), CancellationToken.None);

        Assert.Equal([platformRole], caller.Roles);
    }

    [Fact]
    public async Task Values_the_map_does_not_name_grant_nothing_not_even_the_platforms_own_role_names()
    {
        var token = _tenant.Token(Claims(("roles", new[] { "moderator", "admin", "Owner" }), ("groups", new[] { Guid.NewGuid().ToString() })));

        var caller = await Validator().ValidateAsync(token, CancellationToken.None);

        Assert.Empty(caller.Roles);
        Assert.False(caller.IsModerator);
        Assert.False(caller.IsAdmin);
    }

    [Fact]
    public async Task A_mapped_group_grants_its_role()
    {
        var caller = await Validator().ValidateAsync(_tenant.Token(Claims(("groups", new[] { ExternalIdAuthority.ModeratorsGroupId }))), CancellationToken.None);

        Assert.True(caller.IsModerator);
    }

    [Fact]
    public async Task Brand_membership_comes_from_a_brand_app_role_or_the_brand_claim_with_the_brand_role()
    {
        var validator = Validator();

        var byAppRole = await validator.ValidateAsync(_tenant.Token(Claims(("roles", new[] { "Brand.acme" }))), CancellationToken.None);
        var byClaim = await validator.ValidateAsync(_tenant.Token(Claims(("roles", new[] { "BrandStaff" }), ("brands", new[] { "globex" }))), CancellationToken.None);
        var claimWithoutRole = await validator.ValidateAsync(_tenant.Token(Claims(("brands", new[] { "globex" }))), CancellationToken.None);
        var groupNamedLikeARole = await validator.ValidateAsync(_tenant.Token(Claims(("groups", new[] { "Brand.acme" }))), CancellationToken.None);

        Assert.True(byAppRole.IsMemberOfBrand("acme"));
        Assert.False(byAppRole.IsMemberOfBrand("globex"));
        Assert.True(byClaim.IsMemberOfBrand("globex"));
        Assert.False(byClaim.IsMemberOfBrand("acme"));
        Assert.False(claimWithoutRole.IsMemberOfBrand("globex"));
        Assert.False(groupNamedLikeARole.IsMemberOfBrand("acme"));
    }

    [Fact]
    public async Task Settings_replace_the_default_role_names_they_do_not_add_to_them()
    {
        // Bound the way the Functions app binds its app settings: RoleMap keys override the defaults one by one.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_tenant.Settings()).Build();
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()!;
        var validator = new JwtAccessTokenValidator(Options.Create(options), new FakeTimeProvider(DateTimeOffset.UtcNow));

        var platformName = await validator.ValidateAsync(_tenant.Token(Claims(("roles", new[] { "moderator" }))), CancellationToken.None);
        var appRole = await validator.ValidateAsync(_tenant.Token(Claims(("roles", new[] { "Moderator" }))), CancellationToken.None);

        Assert.False(platformName.IsModerator);
        Assert.True(appRole.IsModerator);
        Assert.Empty(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
    }

    [Fact]
    public async Task Roles_added_to_a_signed_token_afterwards_are_refused_not_read()
    {
        var parts = _tenant.Token().Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"name\":\"Lee\"", "\"name\":\"Lee\",\"roles\":[\"Moderator\"]", StringComparison.Ordinal);
        Assert.Contains("Moderator", payload);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        await AssertRefused(tampered, "auth.invalid_token");
    }

    [Fact]
    public async Task An_unsigned_token_is_refused_whatever_it_claims()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode($$"""{"iss":"{{ExternalIdAuthority.Issuer}}","aud":"{{ExternalIdAuthority.ApiClientId}}","sub":"mallory","roles":["Moderator"],"iat":{{now}},"nbf":{{now}},"exp":{{now + 3600}}}""");

        await AssertRefused($"{header}.{payload}.", "auth.invalid_token");
    }

    [Fact]
    public async Task Roles_in_the_token_header_are_not_claims()
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var now = DateTime.UtcNow;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ExternalIdAuthority.Issuer,
            Audience = ExternalIdAuthority.ApiClientId,
            Claims = new Dictionary<string, object> { ["sub"] = "lee" },
            AdditionalHeaderClaims = new Dictionary<string, object> { ["roles"] = new[] { "Moderator" } },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(_tenant.Key, SecurityAlgorithms.RsaSha256),
        });

        var caller = await Validator().ValidateAsync(token, CancellationToken.None);

        Assert.Equal("lee", caller.UserId);
        Assert.Empty(caller.Roles);
    }

    [Fact]
    public async Task Another_issuer_is_refused_as_such()
    {
        var otherTenant = Guid.NewGuid().ToString();
        await AssertRefused(_tenant.Token(issuer: $"https://{otherTenant}.ciamlogin.com/{otherTenant}/v2.0"), "auth.invalid_issuer");
    }

    [Fact]
    public async Task A_token_for_another_api_is_refused_as_such()
    {
        // The web client's own id token has the web client as its audience: it is not an access token for this API.
        await AssertRefused(_tenant.Token(audience: ExternalIdAuthority.WebClientId), "auth.invalid_audience");
    }

    [Fact]
    public async Task A_token_signed_with_a_key_the_tenant_does_not_publish_is_refused()
    {
        using var rsa = RSA.Create(2048);
        await AssertRefused(_tenant.Token(key: new RsaSecurityKey(rsa) { KeyId = _tenant.Key.KeyId }), "auth.invalid_token");
    }

    [Fact]
    public async Task An_expired_tenant_token_is_refused_as_expired()
    {
        await AssertRefused(_tenant.Token(now: DateTime.UtcNow.AddHours(-3)), "auth.token_expired");
    }

    [Fact]
    public void The_metadata_address_keeps_the_authoritys_path()
    {
        Assert.Equal("https://t.ciamlogin.com/tid/v2.0/.well-known/openid-configuration",
            JwtAccessTokenValidator.MetadataAddress(new Uri("https://t.ciamlogin.com/tid/v2.0")).ToString());
        Assert.Equal("https://t.ciamlogin.com/tid/v2.0/.well-known/openid-configuration",
            JwtAccessTokenValidator.MetadataAddress(new Uri("https://t.ciamlogin.com/tid/v2.0/")).ToString());
    }

    [Theory]
    [InlineData("RoleMap:owner", "Owner", "RoleMap")]
    [InlineData("BrandRolePrefix", "Plat", "BrandRolePrefix")]
    [InlineData("Authority", "http://login.example/tid/v2.0", "Authority")]
    public void Settings_that_cannot_work_are_refused_at_start(string key, string value, string member)
    {
        var settings = _tenant.Settings();
        settings[$"Platform:Auth:{key}"] = value;
        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(AuthOptions.Section).Get<AuthOptions>()!;

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.MemberNames.Contains(member));
    }

    private async Task AssertRefused(string token, string code)
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() => Validator().ValidateAsync(token, CancellationToken.None));
        Assert.Equal(ErrorKind.Unauthorized, error.Kind);
        Assert.Equal(code, error.Code);
    }

    private JwtAccessTokenValidator Validator()
    {
        var settings = _tenant.Settings();
        var options = new AuthOptions
        {
            Issuer = settings["Platform:Auth:Issuer"]!,
            Audience = settings["Platform:Auth:Audience"]!,
            Authority = new Uri(_tenant.Authority),
            RoleMap = new(StringComparer.OrdinalIgnoreCase)
            {
                ["moderator"] = settings["Platform:Auth:RoleMap:moderator"]!,
                ["brand"] = settings["Platform:Auth:RoleMap:brand"]!,
                ["admin"] = settings["Platform:Auth:RoleMap:admin"]!,
            },
            BrandRolePrefix = settings["Platform:Auth:BrandRolePrefix"]!,
        };
        return new JwtAccessTokenValidator(Options.Create(options), new FakeTimeProvider(DateTimeOffset.UtcNow));
    }

    private static Dictionary<string, object> Claims(params (string Name, object Value)[] claims) =>
        claims.ToDictionary(c => c.Name, c => c.Value);

    public void Dispose() => _tenant.Dispose();
}
