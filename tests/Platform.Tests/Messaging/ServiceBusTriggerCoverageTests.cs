using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Messaging;
using Platform.Functions.Messaging.ServiceBus;
using Platform.Tests.Support;

namespace Platform.Tests.Messaging;

/// <summary>
/// In Azure a handler runs only if a Service Bus-triggered function calls it: every registered handler has exactly one
/// trigger on its queue or subscription (with the entity's session setting), and every trigger a handler.
/// </summary>
public sealed class ServiceBusTriggerCoverageTests
{
    [Fact]
    public void Every_handler_has_one_trigger_and_every_trigger_a_handler()
    {
        var triggers = typeof(EventTriggers).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(EventTriggers).Namespace)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<ServiceBusTriggerAttribute>())
            .OfType<ServiceBusTriggerAttribute>()
            .ToList();
        var triggerPaths = triggers
            .Select(t => t.QueueName ?? MessageSubscription.PathOf(t.TopicName!, t.SubscriptionName))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(RegisteredConsumers.Paths(), triggerPaths);

        foreach (var trigger in triggers)
        {
            var destination = Destinations.All.Single(d => d.Name == (trigger.QueueName ?? trigger.TopicName));
            Assert.Equal(destination.RequiresSession, trigger.IsSessionsEnabled);
            Assert.False(trigger.AutoCompleteMessages);
        }
    }
}
