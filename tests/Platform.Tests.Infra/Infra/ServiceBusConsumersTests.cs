using Platform.Core.Messaging;
using Platform.Tests.Support;

namespace Platform.Tests.Infra;

/// <summary>
/// Every queue and subscription in Bicep has a handler in the app, and every handler an entity: a subscription nobody reads
/// fills with messages until they expire into a dead-letter queue no one drains, and the topic's size quota then refuses sends.
/// </summary>
public sealed class ServiceBusConsumersTests
{
    private static ArmDeployment ServiceBus => InfraBuild.Instance.Main.Module("servicebus");

    [Fact]
    public void Every_queue_and_subscription_has_a_consumer_and_every_consumer_an_entity()
    {
        var resolved = ServiceBus.Parent!;
        var queues = resolved.Resolve(ServiceBus.Passed("queues"))!.AsArray().Select(q => q!["name"]!.GetValue<string>());
        var subscriptions = resolved.Resolve(ServiceBus.Passed("topics"))!.AsArray().SelectMany(t =>
            t!["subscriptions"]!.AsArray().Select(s => MessageSubscription.PathOf(t["name"]!.GetValue<string>(), s!["name"]!.GetValue<string>())));
        var entities = queues.Concat(subscriptions).Order(StringComparer.Ordinal).ToList();

        var consumers = RegisteredConsumers.Paths();

        Assert.True(entities.SequenceEqual(consumers),
            $"Entities without a consumer: {string.Join(", ", entities.Except(consumers))}; " +
            $"consumers without an entity: {string.Join(", ", consumers.Except(entities))}.");
    }
}
