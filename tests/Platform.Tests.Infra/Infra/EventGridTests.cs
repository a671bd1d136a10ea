using System.Text.Json;

namespace Platform.Tests.Infra;

/// <summary>The post-deploy Event Grid subscription (eventgrid.bicep) feeds the Event Grid-source blob trigger.</summary>
public sealed class EventGridTests
{
    private static ArmDeployment EventGrid => InfraBuild.Instance.EventGrid;

    [Fact]
    public void The_system_topic_is_on_the_storage_account_in_the_main_deployment()
    {
        var topic = Assert.Single(InfraBuild.Instance.Main.OfType("Microsoft.EventGrid/systemTopics"));
        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.Text("topicType"));
        Assert.Contains("Microsoft.Storage/storageAccounts", topic.Text("source"), StringComparison.Ordinal);

        // The subscription is not in main: its webhook key exists only once the code is deployed.
        Assert.Empty(InfraBuild.Instance.Main.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
    }

    [Fact]
    public void The_subscription_calls_the_blobs_extension_webhook_for_blobs_created_in_uploads()
    {
        var subscription = Assert.Single(EventGrid.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
        Assert.Equal("WebHook", subscription.Text("destination.endpointType"));
        var url = subscription.Text("destination.properties.endpointUrl");
        Assert.StartsWith("[format('https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}'", url, StringComparison.Ordinal);
        Assert.Contains("parameters('blobTriggerFunctionName')", url, StringComparison.Ordinal);
        // The key is read inside the deployment (listKeys on the host), never handed in or out.
        Assert.EndsWith("listKeys(format('{0}/host/default', resourceId('Microsoft.Web/sites', parameters('functionAppName'))), '2024-11-01').systemKeys.blobs_extension)]",
            url, StringComparison.Ordinal);
        Assert.Equal("[\"Microsoft.Storage.BlobCreated\"]", subscription.Text("filter.includedEventTypes"));
        Assert.Equal("[format('/blobServices/default/containers/{0}/', parameters('uploadsContainerName'))]", subscription.Text("filter.subjectBeginsWith"));
        Assert.Equal("uploads", Default("uploadsContainerName"));
    }

    [Fact]
    public void Undeliverable_events_are_dead_lettered_to_a_container_the_topic_may_write_not_dropped()
    {
        var subscription = Assert.Single(EventGrid.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
        Assert.Equal("SystemAssigned", subscription.Text("deadLetterWithResourceIdentity.identity.type"));
        Assert.Equal("StorageBlob", subscription.Text("deadLetterWithResourceIdentity.deadLetterDestination.endpointType"));
        Assert.Contains("Microsoft.Storage/storageAccounts", subscription.Text("deadLetterWithResourceIdentity.deadLetterDestination.properties.resourceId"), StringComparison.Ordinal);
        var container = Default("deadLetterContainerName");
        Assert.Equal("[parameters('deadLetterContainerName')]", subscription.Text("deadLetterWithResourceIdentity.deadLetterDestination.properties.blobContainerName"));

        // main.bicep creates that container and lets the system topic's identity write to it.
        var main = InfraBuild.Instance.Main;
        Assert.Equal(container, main.Resolve(main.Outputs["deadLetterContainerName"]!["value"])!.GetValue<string>());
        var topic = Assert.Single(main.OfType("Microsoft.EventGrid/systemTopics"));
        Assert.Equal("SystemAssigned", topic.Json["identity"]!["type"]!.GetValue<string>());
        var storage = main.Module("storage");
        Assert.Contains(storage.OfType("Microsoft.Authorization/roleAssignments"),
            r => r.Text("principalId").Contains("systemTopic", StringComparison.Ordinal) && r.Resolved("roleDefinitionId").Contains("ba92f5b4-2d11-453d-a403-e96b0029c9fe", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_Event_Grid_blob_trigger_in_the_code_is_the_one_the_subscription_targets()
    {
        // Vacuous until the media pipeline's trigger lands; then its function name and container must match the defaults.
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var triggers = metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray().Select(b => (Function: f.GetProperty("name").GetString()!, Binding: b)))
            .Where(x => x.Binding.GetProperty("type").GetString() == "blobTrigger")
            .Where(x => x.Binding.TryGetProperty("source", out var source) && source.GetString() == "EventGrid")
            .ToList();

        Assert.True(triggers.Count <= 1, "One subscription per Event Grid blob trigger is needed; eventgrid.bicep has one.");
        foreach (var (function, binding) in triggers)
        {
            Assert.Equal(Default("blobTriggerFunctionName"), function);
            Assert.StartsWith(Default("uploadsContainerName") + "/", binding.GetProperty("path").GetString(), StringComparison.Ordinal);
        }
    }

    private static string Default(string parameter) => EventGrid.Parameters[parameter]!["defaultValue"]!.GetValue<string>();
}
