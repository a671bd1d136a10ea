using System.Text.RegularExpressions;

namespace Platform.Tests.Infra;

/// <summary>No keys anywhere: local/key auth off on every service, TLS 1.2 or later, HTTPS only, no secret in outputs.</summary>
public sealed partial class KeylessTests
{
    private static ArmDeployment Main => InfraBuild.Instance.Main;

    /// <summary>Resource type, property (under properties) and the literal value that turns key or local auth off.</summary>
    public static TheoryData<string, string, string> KeysOff => new()
    {
        { "Microsoft.DocumentDB/databaseAccounts", "disableLocalAuth", "true" },
        { "Microsoft.DocumentDB/databaseAccounts", "disableKeyBasedMetadataWriteAccess", "true" },
        { "Microsoft.ServiceBus/namespaces", "disableLocalAuth", "true" },
        { "Microsoft.Storage/storageAccounts", "allowSharedKeyAccess", "false" },
        { "Microsoft.Storage/storageAccounts", "allowBlobPublicAccess", "false" },
        { "Microsoft.Storage/storageAccounts", "defaultToOAuthAuthentication", "true" },
        { "Microsoft.Search/searchServices", "disableLocalAuth", "true" },
        { "Microsoft.CognitiveServices/accounts", "disableLocalAuth", "true" },
        { "Microsoft.Insights/components", "DisableLocalAuth", "true" },
        { "Microsoft.OperationalInsights/workspaces", "features.disableLocalAuth", "true" },
        { "Microsoft.KeyVault/vaults", "enableRbacAuthorization", "true" },
        { "Microsoft.Web/sites/basicPublishingCredentialsPolicies", "allow", "false" },
    };

    /// <summary>Resource type, property and the literal value for TLS 1.2+ and HTTPS only, where the resource lets you choose.</summary>
    /// <remarks>AI Search, Azure OpenAI, Key Vault and Event Grid accept only HTTPS with TLS 1.2+ and have no such setting.</remarks>
    public static TheoryData<string, string, string> Transport => new()
    {
        { "Microsoft.Storage/storageAccounts", "minimumTlsVersion", "TLS1_2" },
        { "Microsoft.Storage/storageAccounts", "supportsHttpsTrafficOnly", "true" },
        { "Microsoft.ServiceBus/namespaces", "minimumTlsVersion", "1.2" },
        { "Microsoft.DocumentDB/databaseAccounts", "minimalTlsVersion", "Tls12" },
        { "Microsoft.Web/sites", "httpsOnly", "true" },
        { "Microsoft.Web/sites", "siteConfig.minTlsVersion", "1.2" },
        { "Microsoft.Web/sites", "siteConfig.scmMinTlsVersion", "1.2" },
    };

    [Theory]
    [MemberData(nameof(KeysOff))]
    public void Local_and_key_auth_is_off(string type, string property, string literal) => AssertEverywhere(type, property, literal);

    [Theory]
    [MemberData(nameof(Transport))]
    public void Transport_is_TLS_1_2_or_later_and_HTTPS_only(string type, string property, string literal) =>
        AssertEverywhere(type, property, literal);

    [Fact]
    public void Both_basic_publishing_credentials_are_off()
    {
        var names = Main.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").Select(r => r.Json["name"]!.GetValue<string>());
        Assert.Equal(["ftp", "scm"], names.Select(n => n.Split('\'').Reverse().Skip(1).First()).Order());
    }

    [Fact]
    public void Outputs_are_endpoints_and_names_never_secrets()
    {
        foreach (var deployment in Main.AllDeployments.Append(InfraBuild.Instance.EventGrid))
        {
            foreach (var (name, output) in deployment.Outputs)
            {
                var text = ArmResource.Format(output);
                string[] leaks = ["listKeys", "listSecrets", "listConnectionStrings", "listCredentials", "ConnectionString", "primaryKey", "secureString"];
                Assert.False(leaks.Any(l => text.Contains(l, StringComparison.OrdinalIgnoreCase)), $"{deployment.Name} output {name}: {text}");
                Assert.False(SecretName().IsMatch(name), $"{deployment.Name} output {name} is named like a secret.");
            }
        }

        Assert.Empty(InfraBuild.Instance.EventGrid.Outputs);
    }

    [Fact]
    public void No_template_takes_a_secret_as_a_parameter()
    {
        // The one secret (the payment webhook secret) is set in Key Vault by its owner, never passed through a deployment.
        foreach (var deployment in Main.AllDeployments.Append(InfraBuild.Instance.EventGrid))
        {
            foreach (var (name, parameter) in deployment.Parameters)
            {
                var type = parameter!["type"]?.GetValue<string>() ?? "";
                Assert.False(type.StartsWith("secure", StringComparison.OrdinalIgnoreCase), $"{deployment.Name} parameter {name} is {type}.");
            }
        }
    }

    [GeneratedRegex("(?i)(secret|password|connectionstring|credential|keys?$)")]
    private static partial Regex SecretName();

    private static void AssertEverywhere(string type, string property, string literal)
    {
        var resources = Main.OfType(type).ToList();
        Assert.NotEmpty(resources);
        Assert.All(resources, r => Assert.True(r.Text(property) == literal, $"{r}: {property} is {r.Text(property)}, expected {literal}"));
    }
}
