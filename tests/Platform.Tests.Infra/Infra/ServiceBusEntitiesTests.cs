using System.Text.Json.Nodes;
using Platform.Core.Messaging;

namespace Platform.Tests.Infra;

/// <summary>Service Bus queues, topics and subscriptions in the compiled template against the names the code uses.</summary>
public sealed class ServiceBusEntitiesTests
{
    /// <summary>Queues the code sends to and receives from, and whether they are session-enabled (per-key order).</summary>
    private static readonly Dictionary<string, bool> Queues = Destinations.All
        .Where(d => d.Kind == DestinationKind.Queue)
        .ToDictionary(d => d.Name, d => d.RequiresSession);

    /// <summary>Topics and their subscriptions (one per consumer), with the session flag each receiver uses.</summary>
    private static readonly Dictionary<string, Dictionary<string, bool>> Topics = Destinations.All
        .Where(d => d.Kind == DestinationKind.Topic)
        .ToDictionary(d => d.Name, d => d.Subscriptions.ToDictionary(s => s, _ => d.RequiresSession));

    private static ArmDeployment ServiceBus => InfraBuild.Instance.Main.Module("servicebus");

    [Fact]
    public void Every_queue_the_code_uses_is_declared_with_its_session_setting()
    {
        var declared = Entries("queues").ToDictionary(q => q["name"]!.GetValue<string>(), q => q["requiresSession"]!.GetValue<bool>());
        Assert.Equal(Queues.OrderBy(q => q.Key), declared.OrderBy(q => q.Key));

        var queue = Assert.Single(ServiceBus.OfType("Microsoft.ServiceBus/namespaces/queues"));
        Assert.Equal("[parameters('queues')[copyIndex()].requiresSession]", queue.Text("requiresSession"));
    }

    [Fact]
    public void Every_topic_and_subscription_the_code_uses_is_declared_with_its_session_setting()
    {
        var declared = Entries("topics").ToDictionary(
            t => t["name"]!.GetValue<string>(),
            t => t["subscriptions"]!.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["requiresSession"]!.GetValue<bool>()));
        Assert.Equal(Topics.Keys.Order(), declared.Keys.Order());
        foreach (var (topic, subscriptions) in Topics)
        {
            Assert.Equal(subscriptions.OrderBy(s => s.Key), declared[topic].OrderBy(s => s.Key));
        }

        var subscription = Assert.Single(ServiceBus.OfType("Microsoft.ServiceBus/namespaces/topics/subscriptions"));
        Assert.Equal("[variables('subscriptions')[copyIndex()].requiresSession]", subscription.Text("requiresSession"));
    }

    [Fact]
    public void Queues_and_topics_drop_duplicates_and_everything_dead_letters()
    {
        // The publisher sets MessageId = event id, so duplicate detection is what makes a re-send harmless.
        foreach (var entity in ServiceBus.OfType("Microsoft.ServiceBus/namespaces/queues").Concat(ServiceBus.OfType("Microsoft.ServiceBus/namespaces/topics")))
        {
            Assert.Equal("true", entity.Text("requiresDuplicateDetection"));
            Assert.Equal("PT10M", entity.Resolved("duplicateDetectionHistoryTimeWindow"));
        }

        foreach (var receiver in ServiceBus.OfType("Microsoft.ServiceBus/namespaces/queues").Concat(ServiceBus.OfType("Microsoft.ServiceBus/namespaces/topics/subscriptions")))
        {
            Assert.Equal("true", receiver.Text("deadLetteringOnMessageExpiration"));
            Assert.Equal("[parameters('maxDeliveryCount')]", receiver.Text("maxDeliveryCount"));
        }

        // Transient failures get retried before a message is dead-lettered (default of main.bicep's parameter).
        var maxDeliveryCount = ServiceBus.Parent!.Resolve(ServiceBus.Passed("maxDeliveryCount"))!.GetValue<int>();
        Assert.InRange(maxDeliveryCount, 2, 100);

        var tiers = ServiceBus.Parameters["skuName"]!["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>());
        Assert.Equal(["Premium", "Standard"], tiers.Order());
    }

    private static IEnumerable<JsonObject> Entries(string parameter) =>
        ServiceBus.Parent!.Resolve(ServiceBus.Passed(parameter))!.AsArray().Select(e => e!.AsObject());
}
