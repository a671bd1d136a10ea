using System.Reflection;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Core.Messaging;
using Platform.Embedded.Payments;
using Platform.Functions.Messaging.ServiceBus;
using Platform.Tests.Support;
using static Platform.Tests.Commerce.CommerceScenario;

using Platform.Tests.Messaging;

namespace Platform.Tests.Commerce;

/// <summary>
/// The orders queue's Service Bus-triggered function (compiled here against the test-only stand-in): session-enabled, and a
/// thin adapter that hands the command to the same workflow the embedded queue drives, then settles the message.
/// </summary>
public sealed class OrderTriggerTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new(Settings(runDispatcher: false));

    private OrderTriggers Triggers => new(_platform.Services.GetRequiredService<MessageDispatcher>());

    [Fact]
    public void The_trigger_binds_the_session_enabled_orders_queue_with_explicit_settlement()
    {
        var trigger = typeof(OrderTriggers).GetMethod(nameof(OrderTriggers.OnOrderCommand))!
            .GetParameters()[0].GetCustomAttribute<ServiceBusTriggerAttribute>()!;
        Assert.Equal((Destinations.Orders, "ServiceBus", true, false),
            (trigger.QueueName, trigger.Connection, trigger.IsSessionsEnabled, trigger.AutoCompleteMessages));
        Assert.True(Destinations.All.Single(d => d.Name == Destinations.Orders).RequiresSession);
    }

    [Fact]
    public async Task A_command_from_service_bus_moves_the_order_and_is_completed()
    {
        var shop = await StartAsync(_platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);
        var simulator = _platform.Services.GetRequiredService<SimulatedPaymentProvider>();
        var session = await simulator.StartPaymentAsync(new PaymentRequest(order.Id, order.Total, "test", order.PaymentDueAt), default);
        await simulator.PayAsync(session.PaymentId, succeed: true, default);
        OrderCommand command = new ConfirmPayment(session.PaymentId, order.Total)
        {
            Id = Ids.New(),
            OrderId = order.Id,
            Actor = Actor.PaymentProvider,
            Cause = "payment.succeeded",
            IssuedAt = DateTimeOffset.UtcNow,
        };

        var actions = new RecordingMessageActions();
        await Triggers.OnOrderCommand(Received(JsonSerializer.Serialize(command, PlatformJson.Options), OrderCommand.MessageType, command.Id, order.Id), actions, default);

        Assert.Equal(["complete"], actions.Calls);
        Assert.Equal(OrderStatus.Paid, (await shop.GetOrderAsync(alice, order.Id)).Status);
    }

    [Fact]
    public async Task A_malformed_or_foreign_message_is_dead_lettered_with_its_reason()
    {
        var garbage = new RecordingMessageActions();
        await Triggers.OnOrderCommand(Received("{{{", OrderCommand.MessageType, Ids.New(), "o1"), garbage, default);
        Assert.StartsWith("dead-letter:message.invalid_body:", Assert.Single(garbage.Calls), StringComparison.Ordinal);

        var foreign = new RecordingMessageActions();
        await Triggers.OnOrderCommand(Received("{}", "note.created", Ids.New(), "o1"), foreign, default);
        Assert.StartsWith("dead-letter:order.unknown_message:", Assert.Single(foreign.Calls), StringComparison.Ordinal);
    }

    private static ServiceBusReceivedMessage Received(string body, string type, string messageId, string sessionId) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(body), messageId: messageId, sessionId: sessionId, subject: type, deliveryCount: 1, lockTokenGuid: Guid.NewGuid());

    public void Dispose() => _platform.Dispose();
}
