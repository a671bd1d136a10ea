using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Messaging;

namespace Platform.Functions.Messaging.ServiceBus;

/// <summary>
/// Service Bus entry points of the brand studio: drafting jobs (session-enabled queue, session = brand) and the events
/// topic's analytics subscription. Thin adapters around the handlers registered with <c>AddMessageHandler</c>.
/// Compiled only with <c>-p:ServiceBusTriggers=true</c>.
/// </summary>
public sealed class StudioTriggers(MessageDispatcher dispatcher)
{
    [Function(nameof(OnSuggestionJob))]
    public Task OnSuggestionJob(
        [ServiceBusTrigger(Destinations.Suggestions, Connection = "ServiceBus", IsSessionsEnabled = true, AutoCompleteMessages = false)]
        ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        ServiceBusSettlement.DispatchAndSettleAsync(dispatcher, message, actions, Destinations.Suggestions, null, cancellationToken);

    [Function(nameof(OnEventForAnalytics))]
    public Task OnEventForAnalytics(
        [ServiceBusTrigger(Destinations.Events, Destinations.EventSubscriptions.Analytics, Connection = "ServiceBus", AutoCompleteMessages = false)]
        ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        ServiceBusSettlement.DispatchAndSettleAsync(dispatcher, message, actions, Destinations.Events, Destinations.EventSubscriptions.Analytics, cancellationToken);
}
