// TEST-ONLY stand-in for the two types the app's Service Bus-triggered functions use from
// Microsoft.Azure.Functions.Worker.Extensions.ServiceBus 5.24.0, which is not served in this build environment.
// Same namespace, constructors and member signatures as that package version, so the app's trigger
// source files compile here unchanged. It lives only in the test project and is never shipped.
using Azure.Messaging.ServiceBus;

namespace Microsoft.Azure.Functions.Worker;

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ServiceBusTriggerAttribute : Attribute
{
    public ServiceBusTriggerAttribute(string queueName) => QueueName = queueName;

    public ServiceBusTriggerAttribute(string topicName, string subscriptionName) => (TopicName, SubscriptionName) = (topicName, subscriptionName);

    public string? QueueName { get; }

    public string? TopicName { get; }

    public string? SubscriptionName { get; }

    public string? Connection { get; set; }

    public bool IsSessionsEnabled { get; set; }

    public bool IsBatched { get; set; }

    public bool AutoCompleteMessages { get; set; } = true;
}

/// <summary>Virtual members and a protected constructor, as in the package, so a test double derives and records the settle calls.</summary>
public class ServiceBusMessageActions
{
    protected ServiceBusMessageActions()
    {
    }

    public virtual Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public virtual Task AbandonMessageAsync(
        ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = default, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public virtual Task DeadLetterMessageAsync(
        ServiceBusReceivedMessage message,
        Dictionary<string, object>? propertiesToModify = default,
        string? deadLetterReason = default,
        string? deadLetterErrorDescription = default,
        CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public virtual Task DeferMessageAsync(
        ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = default, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public virtual Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();
}
