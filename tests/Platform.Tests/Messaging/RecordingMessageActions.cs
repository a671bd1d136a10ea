using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;

namespace Platform.Tests.Messaging;

/// <summary>Records how a Service Bus-triggered function settled a message (the test-only stand-in's actions).</summary>
internal sealed class RecordingMessageActions : ServiceBusMessageActions
{
    public List<string> Calls { get; } = [];

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        Calls.Add("complete");
        return Task.CompletedTask;
    }

    public override Task AbandonMessageAsync(
        ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default)
    {
        Calls.Add("abandon");
        return Task.CompletedTask;
    }

    public override Task DeadLetterMessageAsync(
        ServiceBusReceivedMessage message, Dictionary<string, object>? propertiesToModify = null, string? deadLetterReason = null,
        string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default)
    {
        Calls.Add($"dead-letter:{deadLetterReason}:{deadLetterErrorDescription}");
        return Task.CompletedTask;
    }
}
