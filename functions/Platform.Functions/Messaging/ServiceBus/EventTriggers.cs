using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Messaging;

namespace Platform.Functions.Messaging.ServiceBus;

/// <summary>
/// Service Bus-triggered entry points for the <see cref="Destinations.Events"/> topic's subscriptions: one function per
/// subscription, each a thin adapter around the handler registered for it (<c>AddMessageHandler</c>). Add a function here
/// when you add a subscription with a handler; sessions: set <c>IsSessionsEnabled = true</c> for a session-enabled entity.
/// Compiled only with <c>-p:ServiceBusTriggers=true</c>.
/// </summary>
public sealed class EventTriggers(MessageDispatcher dispatcher)
{
    [Function(nameof(OnEventForSearch))]
    public Task OnEventForSearch(
        [ServiceBusTrigger(Destinations.Events, Destinations.EventSubscriptions.Search, Connection = "ServiceBus", AutoCompleteMessages = false)]
        ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        ServiceBusSettlement.DispatchAndSettleAsync(dispatcher, message, actions, Destinations.Events, Destinations.EventSubscriptions.Search, cancellationToken);

    [Function(nameof(OnEventForFeed))]
    public Task OnEventForFeed(
        [ServiceBusTrigger(Destinations.Events, Destinations.EventSubscriptions.Feed, Connection = "ServiceBus", AutoCompleteMessages = false)]
        ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        ServiceBusSettlement.DispatchAndSettleAsync(dispatcher, message, actions, Destinations.Events, Destinations.EventSubscriptions.Feed, cancellationToken);

    [Function(nameof(OnEventForCommunity))]
    public Task OnEventForCommunity(
        [ServiceBusTrigger(Destinations.Events, Destinations.EventSubscriptions.Community, Connection = "ServiceBus", AutoCompleteMessages = false)]
        ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        ServiceBusSettlement.DispatchAndSettleAsync(dispatcher, message, actions, Destinations.Events, Destinations.EventSubscriptions.Community, cancellationToken);

    [Function(nameof(OnEventForNotifications))]
    public Task OnEventForNotifications(
        [ServiceBusTrigger(Destinations.Events, Destinations.EventSubscriptions.Notifications, Connection = "ServiceBus", AutoCompleteMessages = false)]
        ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        ServiceBusSettlement.DispatchAndSettleAsync(dispatcher, message, actions, Destinations.Events, Destinations.EventSubscriptions.Notifications, cancellationToken);
}
