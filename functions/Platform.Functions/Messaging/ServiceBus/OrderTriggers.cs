using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Messaging;

namespace Platform.Functions.Messaging.ServiceBus;

/// <summary>
/// The orders queue's entry point: session-enabled (session id = order id), so the host hands one order's commands to one
/// invocation at a time, in order, and the <c>OrderWorkflow</c> never races itself on an order. A thin adapter around the
/// handler registered for the queue. Compiled only with <c>-p:ServiceBusTriggers=true</c>.
/// </summary>
public sealed class OrderTriggers(MessageDispatcher dispatcher)
{
    [Function(nameof(OnOrderCommand))]
    public Task OnOrderCommand(
        [ServiceBusTrigger(Destinations.Orders, Connection = "ServiceBus", IsSessionsEnabled = true, AutoCompleteMessages = false)]
        ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        ServiceBusSettlement.DispatchAndSettleAsync(dispatcher, message, actions, Destinations.Orders, subscription: null, cancellationToken);
}
