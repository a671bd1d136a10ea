using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Platform.Core.Identity;

namespace Platform.Tests.Infra;

/// <summary>
/// Sign-in (Microsoft Entra External ID): each auth parameter of main.bicep reaches its app setting unchanged through the
/// functionapp module, both parameter files and the azd parameters give them, and the role mapping each file gives is one
/// the app accepts at start.
/// </summary>
public sealed class AuthSettingsTests
{
    /// <summary>App setting → the main.bicep parameter it comes from (and the member, for an object parameter).</summary>
    private static readonly (string Setting, string Parameter, string? Member)[] Expected =
    [
        ("Platform__Auth__Issuer", "authIssuer", null),
        ("Platform__Auth__Audience", "authAudience", null),
        ("Platform__Auth__Authority", "authAuthority", null),
        ("Platform__Auth__WebClientId", "authWebClientId", null),
        ("Platform__Auth__WebScopes", "authWebScopes", null),
        ("Platform__Auth__RoleMap__moderator", "authRoleMap", "moderator"),
        ("Platform__Auth__RoleMap__brand", "authRoleMap", "brand"),
        ("Platform__Auth__RoleMap__admin", "authRoleMap", "admin"),
        ("Platform__Auth__BrandRolePrefix", "authBrandRolePrefix", null),
        ("Platform__Auth__BrandClaim", "authBrandClaim", null),
    ];

    public static TheoryData<string> ParameterFiles => new() { "infra/main.dev.bicepparam", "infra/main.prod.bicepparam" };

    [Fact]
    public void Every_auth_parameter_reaches_its_app_setting()
    {
        var site = AppSettingsTests.Site();
        var settings = site.Property("siteConfig.appSettings")!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => ArmResource.Format(s!["value"]));
        var module = site.Owner;

        foreach (var (setting, parameter, member) in Expected)
        {
            Assert.True(settings.TryGetValue(setting, out var value), $"{setting} is not an app setting.");
            // The module names its own parameter after main's, and main passes its parameter straight through.
            Assert.Equal(member is null ? $"[parameters('{parameter}')]" : $"[parameters('{parameter}').{member}]", value);
            Assert.Equal($"[parameters('{parameter}')]", ArmResource.Format(module.Passed(parameter)));
            Assert.True(InfraBuild.Instance.Main.Parameters.ContainsKey(parameter), $"main.bicep has no parameter {parameter}.");
        }
    }

    [Fact]
    public void Every_platform_role_is_set_so_the_embedded_defaults_never_apply_in_Azure()
    {
        var settings = AppSettingsTests.Site().Property("siteConfig.appSettings")!.AsArray()
            .Select(s => s!["name"]!.GetValue<string>())
            .Where(n => n.StartsWith("Platform__Auth__RoleMap__", StringComparison.Ordinal))
            .Select(n => n["Platform__Auth__RoleMap__".Length..])
            .Order(StringComparer.Ordinal);

        Assert.Equal(new AuthOptions().RoleMap.Keys.Order(StringComparer.Ordinal), settings);
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void The_parameter_file_gives_a_role_mapping_and_web_client_the_app_accepts(string file)
    {
        var parameters = InfraBuild.Instance.ParametersOf(file);
        var roleMap = parameters["authRoleMap"]!.AsObject();
        var options = new AuthOptions
        {
            Issuer = parameters["authIssuer"]!.GetValue<string>(),
            Audience = parameters["authAudience"]!.GetValue<string>(),
            // The files hold <...> placeholders; the shape is what matters here.
            Authority = new Uri("https://tenant.ciamlogin.com/5b1f3a1e-7c2d-4f7e-9a4b-2d8c6e0f1a23/v2.0"),
            WebClientId = parameters["authWebClientId"]!.GetValue<string>(),
            WebScopes = parameters["authWebScopes"]!.GetValue<string>(),
            RoleMap = roleMap.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.OrdinalIgnoreCase),
            BrandRolePrefix = parameters["authBrandRolePrefix"]!.GetValue<string>(),
            BrandClaim = parameters["authBrandClaim"]!.GetValue<string>(),
        };

        Assert.Empty(options.Validate(new ValidationContext(options)));
        Assert.Equal(["admin", "brand", "moderator"], roleMap.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.StartsWith("https://", parameters["authAuthority"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(".ciamlogin.com/", parameters["authAuthority"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual("", options.WebClientId);
        Assert.StartsWith("api://", options.WebScopes, StringComparison.Ordinal);
    }

    [Fact]
    public void Azd_passes_the_web_client_settings_from_its_environment()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(InfraBuild.InfraFolder, "main.parameters.json")))!["parameters"]!;

        Assert.Equal("${AUTH_WEB_CLIENT_ID=}", parameters["authWebClientId"]?["value"]?.GetValue<string>());
        Assert.Equal("${AUTH_WEB_SCOPES=}", parameters["authWebScopes"]?["value"]?.GetValue<string>());
    }
}
