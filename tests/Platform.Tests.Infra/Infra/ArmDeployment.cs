using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Tests.Infra;

/// <summary>
/// A compiled ARM template and the modules nested in it (Bicep compiles each module to a Microsoft.Resources/deployments
/// resource with the module's template inline). Resolves the two kinds of reference that carry our data between
/// templates, <c>[parameters('x')]</c> and <c>[variables('x')]</c>; everything else stays an expression string.
/// </summary>
public sealed partial class ArmDeployment
{
    private readonly JsonObject _template;
    private readonly JsonObject? _parametersPassed;

    public ArmDeployment(string name, JsonObject template, JsonObject? parametersPassed, ArmDeployment? parent)
    {
        Name = name;
        _template = template;
        _parametersPassed = parametersPassed;
        Parent = parent;
        Resources = Enumerate(template["resources"]).Select(r => new ArmResource(this, r)).ToList();
        Modules = Resources
            .Where(r => r.Type == "Microsoft.Resources/deployments" && r.Properties?["template"] is JsonObject)
            .Select(r => new ArmDeployment(
                r.Json["name"]!.GetValue<string>(), r.Properties!["template"]!.AsObject(), r.Properties["parameters"] as JsonObject, this))
            .ToList();
    }

    /// <summary>The deployment (module) name, e.g. "functionapp".</summary>
    public string Name { get; }

    public ArmDeployment? Parent { get; }

    public IReadOnlyList<ArmResource> Resources { get; }

    public IReadOnlyList<ArmDeployment> Modules { get; }

    public JsonObject Outputs => _template["outputs"] as JsonObject ?? [];

    public JsonObject Parameters => _template["parameters"] as JsonObject ?? [];

    /// <summary>Resources this template and every module under it create (not the deployments themselves, not <c>existing</c> references).</summary>
    public IEnumerable<ArmResource> AllResources =>
        Resources.Where(r => r.Type != "Microsoft.Resources/deployments" && !r.IsExisting).Concat(Modules.SelectMany(m => m.AllResources));

    public IEnumerable<ArmDeployment> AllDeployments => new[] { this }.Concat(Modules.SelectMany(m => m.AllDeployments));

    public ArmDeployment Module(string name) =>
        AllDeployments.SingleOrDefault(d => d.Name == name) ?? throw new InvalidOperationException($"No module deployment named '{name}'.");

    public IEnumerable<ArmResource> OfType(string type) => AllResources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The expression or value a module was given for a parameter, as written by its parent.</summary>
    public JsonNode? Passed(string parameter) =>
        _parametersPassed?[parameter]?["value"] ?? throw new InvalidOperationException($"Module '{Name}' was not given '{parameter}'.");

    /// <summary>Follows <c>[parameters('x')]</c> (to the value the parent passed, or the default) and <c>[variables('x')]</c>.</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return node;
        }

        var reference = Reference().Match(text);
        if (!reference.Success)
        {
            return node;
        }

        var name = reference.Groups["name"].Value;
        if (reference.Groups["kind"].Value == "variables")
        {
            return Resolve(_template["variables"]?[name]);
        }

        if (_parametersPassed?[name] is JsonObject passed)
        {
            return Parent!.Resolve(passed["value"]);
        }

        return Resolve(_template["parameters"]?[name]?["defaultValue"]);
    }

    private static IEnumerable<JsonObject> Enumerate(JsonNode? resources) => resources switch
    {
        // languageVersion 2.0 (symbolic names) writes resources as an object keyed by symbol.
        JsonObject bySymbol => bySymbol.Select(p => p.Value!.AsObject()),
        JsonArray list => list.Select(r => r!.AsObject()),
        _ => [],
    };

    [GeneratedRegex(@"^\[(?<kind>parameters|variables)\('(?<name>[^']+)'\)\]$")]
    private static partial Regex Reference();
}

/// <summary>One resource in a compiled template.</summary>
public sealed class ArmResource(ArmDeployment owner, JsonObject json)
{
    public ArmDeployment Owner { get; } = owner;

    public JsonObject Json { get; } = json;

    public string Type => Json["type"]!.GetValue<string>();

    public bool IsExisting => Json["existing"]?.GetValue<bool>() == true;

    public JsonObject? Properties => Json["properties"] as JsonObject;

    /// <summary>A property by dotted path under <c>properties</c>, e.g. "siteConfig.minTlsVersion".</summary>
    public JsonNode? Property(string path) =>
        path.Split('.').Aggregate<string, JsonNode?>(Properties, (node, part) => node?[part]);

    /// <summary>A property as written in the template: a string as it is (a literal or an ARM expression), anything else as JSON.</summary>
    public string Text(string path) => Format(Property(path));

    /// <summary>A property with parameter and variable references followed to the value they stand for.</summary>
    public string Resolved(string path) => Format(Owner.Resolve(Property(path)));

    public static string Format(JsonNode? node) => node switch
    {
        null => "<missing>",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(Relaxed),
    };

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override string ToString() => $"{Type} in {Owner.Name}";
}
