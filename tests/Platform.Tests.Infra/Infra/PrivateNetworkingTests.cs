using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Tests.Infra;

/// <summary>
/// vnetEnabled (on in prod, off in dev): every data service has public network access off and a private endpoint, and the
/// Functions app is integrated in the VNet; with it off, none of that. Evaluates the few vnetEnabled expressions main.bicep
/// writes, with the values each parameter file gives.
/// </summary>
public sealed partial class PrivateNetworkingTests
{
    private static ArmDeployment Main => InfraBuild.Instance.Main;

    /// <summary>Module deploying each data service, and the resource type its private endpoint targets.</summary>
    private static readonly (string Module, string Type)[] DataServices =
    [
        ("storage", "Microsoft.Storage/storageAccounts"),
        ("cosmos", "Microsoft.DocumentDB/databaseAccounts"),
        ("servicebus", "Microsoft.ServiceBus/namespaces"),
        ("search", "Microsoft.Search/searchServices"),
        ("openai", "Microsoft.CognitiveServices/accounts"),
    ];

    public static TheoryData<string, bool> ParameterFiles => new()
    {
        { "infra/main.prod.bicepparam", true },
        { "infra/main.dev.bicepparam", false },
    };

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void The_parameter_file_sets_vnetEnabled(string file, bool expected) =>
        Assert.Equal(expected, InfraBuild.Instance.ParametersOf(file)["vnetEnabled"]?.GetValue<bool>());

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void Every_data_service_is_private_exactly_when_vnetEnabled(string file, bool vnetEnabled)
    {
        var parameters = InfraBuild.Instance.ParametersOf(file);
        Assert.Equal(vnetEnabled, parameters["vnetEnabled"]?.GetValue<bool>());
        var endpointTypes = PrivateEndpointTypes(parameters);

        foreach (var (module, type) in DataServices)
        {
            var deployment = Main.Module(module);
            var resource = Assert.Single(deployment.AllResources, r => r.Type == type);

            // The resource takes the module's parameter, and main passes Disabled exactly when vnetEnabled.
            Assert.Contains("parameters('publicNetworkAccess')", resource.Text("publicNetworkAccess"), StringComparison.Ordinal);
            var access = Evaluate(Main.Resolve(deployment.Passed("publicNetworkAccess")), parameters);
            Assert.Equal(vnetEnabled ? "Disabled" : "Enabled", access);

            Assert.True(endpointTypes.Contains(type) == vnetEnabled, $"{module}: private endpoint present is not {vnetEnabled} ({file}).");
        }

        // Blob (the app's data and the deployment package) and queue each need their own endpoint.
        var storageGroups = PrivateEndpoints(parameters).Where(e => e.Type == "Microsoft.Storage/storageAccounts").Select(e => e.GroupId);
        Assert.Equal(vnetEnabled ? ["blob", "queue"] : [], storageGroups.Order());
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void The_function_app_joins_the_delegated_subnet_exactly_when_vnetEnabled(string file, bool vnetEnabled)
    {
        var parameters = InfraBuild.Instance.ParametersOf(file);
        var subnet = Evaluate(ModuleParameter("functionApp", "appSubnetId"), parameters);
        Assert.Equal(vnetEnabled, subnet.Contains("appSubnetId", StringComparison.Ordinal));

        var site = Assert.Single(Main.Module("functionapp").OfType("Microsoft.Web/sites"));
        Assert.Contains("parameters('appSubnetId')", site.Text("virtualNetworkSubnetId"), StringComparison.Ordinal);

        // Flex Consumption integrates only with a subnet delegated to Microsoft.App/environments.
        var vnet = Assert.Single(Main.Module("network").OfType("Microsoft.Network/virtualNetworks"));
        var delegations = vnet.Property("subnets")!.AsArray().SelectMany(s => s!["properties"]!["delegations"]?.AsArray() ?? []);
        Assert.Equal("Microsoft.App/environments", Assert.Single(delegations)!["properties"]!["serviceName"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void Service_Bus_is_Premium_when_vnetEnabled(string file, bool vnetEnabled)
    {
        // Only Premium namespaces take private endpoints.
        var parameters = InfraBuild.Instance.ParametersOf(file);
        var sku = Evaluate(ModuleParameter("serviceBus", "skuName"), parameters);
        if (vnetEnabled)
        {
            Assert.Equal("Premium", sku);
        }
        else
        {
            Assert.Equal(parameters["serviceBusSku"]!.GetValue<string>(), sku);
        }
    }

    private sealed record PrivateEndpoint(string Type, string GroupId);

    private static HashSet<string> PrivateEndpointTypes(JsonObject parameters) =>
        PrivateEndpoints(parameters).Select(e => e.Type).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The network module's endpoint table when its condition holds, else none.</summary>
    private static List<PrivateEndpoint> PrivateEndpoints(JsonObject parameters)
    {
        var module = Main.Resources.Single(r => r.Type == "Microsoft.Resources/deployments" && r.Json["name"]?.GetValue<string>() == "network");
        if (Evaluate(module.Json["condition"], parameters) != "true")
        {
            return [];
        }

        var network = Main.Module("network");
        var endpoints = network.Resolve(JsonValue.Create("[variables('endpoints')]"))!.AsArray();
        Assert.Single(network.OfType("Microsoft.Network/privateEndpoints"));
        return endpoints.Select(e => new PrivateEndpoint(e!["type"]!.GetValue<string>(), e["groupId"]!.GetValue<string>())).ToList();
    }

    /// <summary>The value main passes to a module parameter: {"value": x}, or an if() choosing between such objects.</summary>
    private static JsonNode? ModuleParameter(string symbol, string parameter)
    {
        var module = Main.Resources.Single(r => r.Type == "Microsoft.Resources/deployments" && string.Equals(r.Json["name"]?.GetValue<string>(), symbol, StringComparison.OrdinalIgnoreCase));
        var passed = module.Properties!["parameters"]![parameter];
        return passed is JsonObject o ? Main.Resolve(o["value"]) : passed;
    }


    /// <summary>
    /// The expressions vnetEnabled appears in: a literal, <c>parameters('x')</c>, and <c>if(parameters('vnetEnabled'), a, b)</c>
    /// whose branches are literals, parameters or <c>createObject('value', ...)</c>. Anything else is returned as written.
    /// </summary>
    private static string Evaluate(JsonNode? node, JsonObject parameters)
    {
        var text = ArmResource.Format(node);
        if (!text.StartsWith('[') || text.StartsWith("[[", StringComparison.Ordinal))
        {
            return text;
        }

        return Term(text[1..^1], parameters);
    }

    private static string Term(string expression, JsonObject parameters)
    {
        expression = expression.Trim();
        var wrapped = CreateValue().Match(expression);
        if (wrapped.Success)
        {
            return Term(wrapped.Groups["inner"].Value, parameters);
        }

        var choice = IfVnet().Match(expression);
        if (choice.Success)
        {
            var branches = SplitTopLevel(choice.Groups["branches"].Value);
            Assert.Equal(2, branches.Count);
            return Term(Term("parameters('vnetEnabled')", parameters) == "true" ? branches[0] : branches[1], parameters);
        }

        var parameter = Parameter().Match(expression);
        if (parameter.Success)
        {
            var value = parameters[parameter.Groups["name"].Value] ?? Main.Parameters[parameter.Groups["name"].Value]?["defaultValue"];
            return value is JsonValue v && v.TryGetValue<bool>(out var flag) ? (flag ? "true" : "false") : ArmResource.Format(value);
        }

        return expression.StartsWith('\'') && expression.EndsWith('\'') ? expression[1..^1] : expression;
    }

    /// <summary>Splits "a, b" at commas outside parentheses and quotes.</summary>
    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\'': quoted = !quoted; break;
                case '(' when !quoted: depth++; break;
                case ')' when !quoted: depth--; break;
                case ',' when !quoted && depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    [GeneratedRegex(@"^if\(parameters\('vnetEnabled'\),(?<branches>.*)\)$")]
    private static partial Regex IfVnet();

    [GeneratedRegex(@"^createObject\('value',(?<inner>.*)\)$")]
    private static partial Regex CreateValue();

    [GeneratedRegex(@"^parameters\('(?<name>[^']+)'\)$")]
    private static partial Regex Parameter();
}
