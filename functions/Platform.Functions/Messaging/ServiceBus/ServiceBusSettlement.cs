using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Platform.Azure.Messaging;
using Platform.Core.Messaging;

namespace Platform.Functions.Messaging.ServiceBus;

/// <summary>
/// What every Service Bus-triggered function does: hand the message to the transport-agnostic handler through the
/// <see cref="MessageDispatcher"/>, then settle it: complete on success (or a duplicate), dead-letter with the reason on
/// poison, abandon on a transient failure (the broker redelivers it and dead-letters it itself at the entity's max
/// delivery count). Compiled only with <c>-p:ServiceBusTriggers=true</c>.
/// </summary>
public static class ServiceBusSettlement
{
    // Service Bus limits these application properties; longer text is cut rather than failing the settle.
    private const int MaxReasonLength = 1024;
    private const int MaxDescriptionLength = 4096;

    public static async Task<DispatchResult> DispatchAndSettleAsync(
        MessageDispatcher dispatcher,
        ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        string source,
        string? subscription,
        CancellationToken cancellationToken)
    {
        var result = await dispatcher.DispatchAsync(ServiceBusMapping.ToIncomingMessage(message, source, subscription), cancellationToken);
        switch (result.Outcome)
        {
            case DispatchOutcome.Completed:
                await actions.CompleteMessageAsync(message, cancellationToken);
                break;
            case DispatchOutcome.DeadLetter:
                await actions.DeadLetterMessageAsync(
                    message, null, Cut(result.Reason ?? "message.dead_lettered", MaxReasonLength), Cut(result.Description, MaxDescriptionLength), cancellationToken);
                break;
            default:
                await actions.AbandonMessageAsync(message, null, cancellationToken);
                break;
        }

        return result;
    }

    private static string? Cut(string? text, int length) => text is { Length: > 0 } && text.Length > length ? text[..length] : text;
}
