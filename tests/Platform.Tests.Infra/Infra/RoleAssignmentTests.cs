namespace Platform.Tests.Infra;

/// <summary>Each identity has only the roles it needs, each on the one resource that needs it.</summary>
public sealed class RoleAssignmentTests
{
    /// <summary>The app identity's exact Azure RBAC roles: role definition GUID, name, and the resource type it is scoped to.</summary>
    private static readonly Dictionary<string, (string Role, string Scope)> AppRoles = new()
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = ("Storage Blob Data Owner", "Microsoft.Storage/storageAccounts"),
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = ("Storage Queue Data Contributor", "Microsoft.Storage/storageAccounts"),
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = ("Monitoring Metrics Publisher", "Microsoft.Insights/components"),
        ["69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"] = ("Azure Service Bus Data Sender", "Microsoft.ServiceBus/namespaces"),
        ["4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"] = ("Azure Service Bus Data Receiver", "Microsoft.ServiceBus/namespaces"),
        ["8ebe5a00-799e-43f5-93ac-243d3dce84a7"] = ("Search Index Data Contributor", "Microsoft.Search/searchServices"),
        ["7ca78c08-252a-4471-8644-bb5ff32d4ba0"] = ("Search Service Contributor", "Microsoft.Search/searchServices"),
        ["5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"] = ("Cognitive Services OpenAI User", "Microsoft.CognitiveServices/accounts"),
        ["4633458b-17de-408a-b874-0445c86b69e6"] = ("Key Vault Secrets User", "Microsoft.KeyVault/vaults"),
    };

    /// <summary>The optional operator (a person or group) only sets the payment webhook secret.</summary>
    private static readonly Dictionary<string, (string Role, string Scope)> OperatorRoles = new()
    {
        ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = ("Key Vault Secrets Officer", "Microsoft.KeyVault/vaults"),
    };

    private const string CosmosDataContributor = "00000000-0000-0000-0000-000000000002";

    private const string AppPrincipal = "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('appIdentityName')), '2024-11-30').principalId]";
    private const string OperatorPrincipal = "[parameters('operatorPrincipalId')]";

    private static ArmDeployment Main => InfraBuild.Instance.Main;

    [Fact]
    public void The_app_identity_has_exactly_its_data_plane_roles_each_on_its_resource()
    {
        AssertExactly(AppPrincipal, AppRoles);
    }

    [Fact]
    public void The_operator_can_only_manage_Key_Vault_secrets_and_only_when_named()
    {
        AssertExactly(OperatorPrincipal, OperatorRoles);
        var assignment = Assert.Single(Assignments(), a => a.Text("principalId") == OperatorPrincipal);
        Assert.Equal("[not(empty(parameters('operatorPrincipalId')))]", assignment.Json["condition"]!.GetValue<string>());
    }

    [Fact]
    public void Every_role_assignment_goes_to_the_app_identity_or_the_operator_or_is_the_dead_letter_writer()
    {
        var others = Assignments().Where(a => a.Text("principalId") != AppPrincipal && a.Text("principalId") != OperatorPrincipal).ToList();

        // The one exception: Event Grid's system topic may write undeliverable events to the dead-letter container, nothing else.
        var deadLetter = Assert.Single(others);
        Assert.Equal("[reference('systemTopic', '2025-02-15', 'full').identity.principalId]", deadLetter.Text("principalId"));
        Assert.Contains("ba92f5b4-2d11-453d-a403-e96b0029c9fe", deadLetter.Resolved("roleDefinitionId"), StringComparison.Ordinal); // Storage Blob Data Contributor
        Assert.Contains("deadLetterContainerName", deadLetter.Json["scope"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_roles_go_to_the_identity_the_app_runs_as()
    {
        var rbac = Main.Module("rbac");
        var app = Main.Module("functionapp");
        Assert.Equal(ArmResource.Format(rbac.Passed("appIdentityName")), ArmResource.Format(app.Passed("identityName")));

        var site = AppSettingsTests.Site();
        Assert.Equal("UserAssigned", site.Json["identity"]!["type"]!.GetValue<string>());
        Assert.Contains("parameters('identityName')", site.Text("keyVaultReferenceIdentity"), StringComparison.Ordinal);
        Assert.Contains("parameters('identityName')", site.Text("functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId"), StringComparison.Ordinal);
    }

    [Fact]
    public void Cosmos_data_plane_access_is_the_built_in_data_contributor_for_the_app_only()
    {
        var assignment = Assert.Single(Main.OfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"));
        Assert.Equal(AppPrincipal, assignment.Text("principalId"));
        Assert.EndsWith($"/sqlRoleDefinitions/{CosmosDataContributor}', resourceId('Microsoft.DocumentDB/databaseAccounts', parameters('cosmosAccountName')))]",
            assignment.Text("roleDefinitionId"), StringComparison.Ordinal);
        Assert.Equal("[resourceId('Microsoft.DocumentDB/databaseAccounts', parameters('cosmosAccountName'))]", assignment.Text("scope"));
    }

    private static void AssertExactly(string principal, Dictionary<string, (string Role, string Scope)> expected)
    {
        var actual = Assignments()
            .Where(a => a.Text("principalId") == principal)
            .Select(a => (Role: RoleGuid(a), Scope: a.Json["scope"]?.GetValue<string>() ?? "<resource group>"))
            .ToList();

        var names = actual.Select(a => expected.TryGetValue(a.Role, out var e) ? e.Role : "unexpected " + a.Role).ToList();
        Assert.True(actual.Count == expected.Count && actual.Select(a => a.Role).ToHashSet().SetEquals(expected.Keys),
            $"Assigned: {string.Join(", ", names)}; expected: {string.Join(", ", expected.Values.Select(v => v.Role))}");
        foreach (var (role, scope) in actual)
        {
            Assert.True(scope.StartsWith($"[resourceId('{expected[role].Scope}',", StringComparison.Ordinal),
                $"{expected[role].Role} is scoped to {scope}, expected one {expected[role].Scope}.");
        }
    }

    private static IEnumerable<ArmResource> Assignments() => Main.OfType("Microsoft.Authorization/roleAssignments");

    private static string RoleGuid(ArmResource assignment)
    {
        // Role GUIDs are written literally in rbac.bicep (named in comments), so the compiled expression carries them.
        var expression = assignment.Property("roleDefinitionId")!.GetValue<string>();
        const string prefix = "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '";
        Assert.StartsWith(prefix, expression, StringComparison.Ordinal);
        return expression[prefix.Length..].TrimEnd(']', ')', '\'');
    }
}
