using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Azure;
using Platform.Core.Identity;
using Platform.Functions;

namespace Platform.Tests.Infra;

/// <summary>
/// The function app's settings in the compiled template against what the code binds: the options classes (found by
/// reflection, so new features are checked as they land) and the trigger connections in functions.metadata.
/// </summary>
public sealed class AppSettingsTests
{
    /// <summary>
    /// Settings the code reads in Azure mode although they are optional in the options class (they are optional because the
    /// embedded host does without them).
    /// </summary>
    private static readonly (string Section, string Property, string Why)[] RequiredInAzureMode =
    [
        (PlatformOptions.Section, nameof(PlatformOptions.Mode), "defaults to Embedded; Azure adapters only when set to Azure"),
        (AuthOptions.Section, nameof(AuthOptions.Authority), "Azure validates tokens against the OIDC provider's keys (embedded uses SigningKey)"),
        (AzureOptions.Section, nameof(AzureOptions.ManagedIdentityClientId),
            "without it DefaultAzureCredential is used, which does not pick a user-assigned identity by itself"),
    ];

    /// <summary>Settings that must not be set in Azure; each is embedded-only.</summary>
    private static readonly (string Section, string Property, string Why)[] EmbeddedOnly =
    [
        (AuthOptions.Section, nameof(AuthOptions.SigningKey),
            "a local HMAC key for the embedded host's dev tokens; AuthOptions refuses Authority and SigningKey together"),
    ];

    /// <summary>
    /// Assemblies whose options are embedded-only as a whole: Platform.Embedded's adapters and Platform.LocalHost are never
    /// loaded in Azure mode, so their settings (e.g. EmbeddedOptions.DataPath) have no place in the app settings.
    /// </summary>
    private static readonly string[] EmbeddedAssemblies = ["Platform.Embedded", "Platform.LocalHost"];

    /// <summary>
    /// Settings declared before the code that binds them has landed (features in progress on other branches). Once an
    /// options class binds one, it is checked like the others; the lead reconciles names at merge.
    /// </summary>
    private static readonly string[] DeclaredAheadOfCode =
    [
        "Platform__Blob__ServiceUri",
        "Platform__Search__Endpoint",
        "Platform__Search__IndexName",
        "Platform__OpenAI__Endpoint",
        "Platform__OpenAI__Deployment",
        "Platform__Payments__WebhookSecret",
    ];

    /// <summary>
    /// Binding connections the app uses besides those in functions.metadata: the host's own storage, the blob trigger's
    /// connection, and the Service Bus triggers' connection (compiled only with -p:ServiceBusTriggers=true, so absent from
    /// the metadata built here).
    /// </summary>
    private static readonly string[] KnownConnections = ["AzureWebJobsStorage", "MediaStorage", "ServiceBus"];

    private static Dictionary<string, JsonNode?> Settings => ReadAppSettings();

    [Fact]
    public void Every_setting_the_options_classes_require_in_Azure_mode_is_an_app_setting()
    {
        var expected = OptionsTypes()
            .Where(t => !EmbeddedAssemblies.Contains(t.Type.Assembly.GetName().Name))
            .SelectMany(t => RequiredKeys(t.Section, t.Type))
            .Concat(RequiredInAzureMode.Select(r => ToAppSetting(r.Section, r.Property)))
            .Except(EmbeddedOnly.Select(e => ToAppSetting(e.Section, e.Property)), StringComparer.OrdinalIgnoreCase)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        Assert.Contains("Platform__Cosmos__AccountEndpoint", expected, StringComparer.OrdinalIgnoreCase);
        var missing = expected.Where(key => !Settings.ContainsKey(key)).ToList();
        Assert.True(missing.Count == 0, "Not in the function app's settings: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_platform_setting_is_bound_by_an_options_class_or_declared_ahead_of_its_code()
    {
        var bindable = OptionsTypes().SelectMany(t => AllKeys(t.Section, t.Type)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // A dictionary property binds one setting per entry: <property>__<key>.
        var dictionaries = OptionsTypes().SelectMany(t => DictionaryKeys(t.Section, t.Type)).ToList();

        var unknown = Settings.Keys
            .Where(k => k.StartsWith("Platform__", StringComparison.Ordinal))
            .Where(k => !bindable.Contains(k) && !DeclaredAheadOfCode.Contains(k))
            .Where(k => !dictionaries.Any(d => k.StartsWith(d + "__", StringComparison.OrdinalIgnoreCase) && k.Length > d.Length + 2))
            .ToList();
        Assert.True(unknown.Count == 0, "App settings no options class binds (misspelt or stale?): " + string.Join(", ", unknown));
    }

    [Fact]
    public void Embedded_only_settings_are_not_set_and_the_mode_is_Azure()
    {
        foreach (var (section, property, why) in EmbeddedOnly)
        {
            Assert.False(Settings.ContainsKey(ToAppSetting(section, property)), $"{ToAppSetting(section, property)} is set: {why}");
        }

        Assert.DoesNotContain(Settings.Keys, k => k.StartsWith("Platform__Embedded__", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(nameof(PlatformMode.Azure), Value("Platform__Mode"));
    }

    [Fact]
    public void Every_binding_connection_is_identity_based_with_the_apps_identity()
    {
        var identityClientId = Value("Platform__Azure__ManagedIdentityClientId");
        Assert.Contains("identity", identityClientId, StringComparison.Ordinal);

        foreach (var connection in TriggerConnections().Concat(KnownConnections).Distinct())
        {
            Assert.Equal("managedidentity", Value($"{connection}__credential"));
            Assert.Equal(identityClientId, Value($"{connection}__clientId"));
            string[] endpoints = ["__blobServiceUri", "__queueServiceUri", "__serviceUri", "__fullyQualifiedNamespace", "__accountName"];
            Assert.True(endpoints.Any(e => Settings.ContainsKey(connection + e)), $"Connection {connection} names no service endpoint.");
            // A plain "<connection>" setting would be a connection string, i.e. a key.
            Assert.False(Settings.ContainsKey(connection), $"{connection} is set as a connection string.");
        }

        // The blob trigger also keeps its receipts/poison messages in queues, so it needs both endpoints.
        Assert.True(Settings.ContainsKey("MediaStorage__blobServiceUri") && Settings.ContainsKey("MediaStorage__queueServiceUri"));
        // Telemetry is sent with an Entra token of the same identity (Application Insights has local auth off).
        var telemetryAuth = Value("APPLICATIONINSIGHTS_AUTHENTICATION_STRING");
        Assert.Contains("Authorization=AAD", telemetryAuth, StringComparison.Ordinal);
        Assert.Contains(identityClientId.Trim('[', ']'), telemetryAuth, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_Key_Vault_references_and_no_setting_carries_a_key()
    {
        Assert.StartsWith("[format('@Microsoft.KeyVault(VaultName=", Value("Platform__Payments__WebhookSecret"), StringComparison.Ordinal);

        string[] secretish = ["Secret", "Password", "Key", "Token"];
        foreach (var (name, value) in Settings)
        {
            var text = ArmResource.Format(value);
            var leaf = name.Split("__")[^1];
            if (secretish.Any(s => leaf.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
            {
                Assert.True(text.Contains("@Microsoft.KeyVault(", StringComparison.Ordinal), $"{name} must be a Key Vault reference.");
            }

            foreach (var leak in new[] { "listKeys", "listSecrets", "listConnectionStrings", "AccountKey=", "SharedAccessKey" })
            {
                Assert.False(text.Contains(leak, StringComparison.OrdinalIgnoreCase), $"{name} carries a key ({leak}).");
            }
        }

        // Flex Consumption sets the runtime itself and refuses these as app settings.
        Assert.False(Settings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"));
        Assert.False(Settings.ContainsKey("FUNCTIONS_EXTENSION_VERSION"));
    }

    /// <summary>Every public type in the platform's assemblies with a <c>const string Section</c> under "Platform".</summary>
    internal static IEnumerable<(string Section, Type Type)> OptionsTypes()
    {
        var assemblies = Directory.EnumerateFiles(AppContext.BaseDirectory, "Platform.*.dll")
            .Select(AssemblyName.GetAssemblyName)
            .Where(n => n.Name != typeof(AppSettingsTests).Assembly.GetName().Name)
            .Select(Assembly.Load)
            .ToList();
        Assert.Contains(assemblies, a => a.GetName().Name == "Platform.Core");

        return assemblies
            .SelectMany(a => a.GetExportedTypes())
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => (Section: (string)x.Field!.GetRawConstantValue()!, x.Type))
            .Where(x => x.Section.StartsWith("Platform", StringComparison.Ordinal));
    }

    private static IEnumerable<string> RequiredKeys(string section, Type type) =>
        BindableProperties(type).SelectMany(p => IsNested(p.PropertyType)
            ? RequiredKeys($"{section}:{p.Name}", p.PropertyType)
            : p.GetCustomAttribute<RequiredAttribute>() is null ? [] : [ToAppSetting(section, p.Name)]);

    private static IEnumerable<string> AllKeys(string section, Type type) =>
        BindableProperties(type).SelectMany(p => IsNested(p.PropertyType)
            ? AllKeys($"{section}:{p.Name}", p.PropertyType)
            : [ToAppSetting(section, p.Name)]);

    private static IEnumerable<string> DictionaryKeys(string section, Type type) =>
        BindableProperties(type).SelectMany(p => IsNested(p.PropertyType)
            ? DictionaryKeys($"{section}:{p.Name}", p.PropertyType)
            : p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>) ? [ToAppSetting(section, p.Name)] : []);

    private static IEnumerable<PropertyInfo> BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic);

    // A nested options object (bound from a sub-section) is a class of our own; strings, URIs and collections are values.
    private static bool IsNested(Type type) =>
        type.IsClass && type.Namespace?.StartsWith("Platform", StringComparison.Ordinal) == true;

    internal static string ToAppSetting(string section, string property) => $"{section}:{property}".Replace(":", "__", StringComparison.Ordinal);

    /// <summary>A setting's value: a literal, or the ARM expression that computes it at deployment.</summary>
    private static string Value(string name)
    {
        Assert.True(Settings.TryGetValue(name, out var value), $"{name} is not set.");
        return value!.GetValue<string>();
    }

    private static List<string> TriggerConnections()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        return metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.TryGetProperty("connection", out _))
            .Select(b => b.GetProperty("connection").GetString()!)
            .ToList();
    }

    internal static ArmResource Site() =>
        Assert.Single(InfraBuild.Instance.Main.OfType("Microsoft.Web/sites"));

    private static Dictionary<string, JsonNode?> ReadAppSettings()
    {
        var settings = Site().Property("siteConfig.appSettings")!.AsArray();
        return settings.ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"], StringComparer.OrdinalIgnoreCase);
    }
}
