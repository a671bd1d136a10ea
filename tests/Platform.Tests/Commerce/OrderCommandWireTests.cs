using Platform.Core.Commerce;
using Platform.Core.Messaging;

namespace Platform.Tests.Commerce;

/// <summary>The <c>order.command</c> body: one record per action, read from messages queued before the records existed.</summary>
public sealed class OrderCommandWireTests
{
    // Written by the single record of nullable fields: "action" third, every optional field present (null or not).
    private const string QueuedBeforeTheRecords = """
        {"id":"c1","orderId":"o1","action":"Ship","actor":{"kind":"Brand","id":"u1"},"cause":"shipped by u1",
         "issuedAt":"2026-11-01T08:00:00+00:00","paymentId":null,"amount":null,"carrier":"SF Express",
         "trackingNumber":"SF123","reason":null,"refundLines":null,"returnGoods":null}
        """;

    [Fact]
    public void A_command_queued_in_the_old_shape_reads_as_the_record_of_its_action()
    {
        var command = OrderCommand.Read(Message(QueuedBeforeTheRecords));

        var ship = Assert.IsType<ShipOrder>(command);
        Assert.Equal(("c1", "o1", OrderAction.Ship, ActorKind.Brand), (ship.Id, ship.OrderId, ship.Action, ship.Actor.Kind));
        Assert.Equal(("SF Express", "SF123"), (ship.Carrier, ship.TrackingNumber));
    }

    [Fact]
    public void Each_record_round_trips_through_its_message_with_its_action_named()
    {
        OrderCommand[] commands =
        [
            new ConfirmPayment("pay_1", new Money(1999, "CNY")), new ExpirePayment(), new CancelOrder("changed my mind"), new StartFulfilment(),
            new ShipOrder("SF", "1"), new DeliverOrder(), new CompleteOrder(), new RequestRefund("too big", [new StockRequest("s1", 1)], false),
            new ApproveRefund(), new RejectRefund("worn"),
        ];

        foreach (var sent in commands.Select(c => c with { Id = "c", OrderId = "o", Cause = "test" }))
        {
            var message = OrderMessages.Command(sent, DateTimeOffset.UnixEpoch);
            Assert.Contains($"\"action\":\"{sent.Action}\"", message.Body, StringComparison.Ordinal);
            var read = OrderCommand.Read(Message(message.Body));
            Assert.Equal(sent.GetType(), read.GetType());
            Assert.Equal(message.Body, OrderMessages.Command(read, DateTimeOffset.UnixEpoch).Body);
        }
    }

    [Theory]
    [InlineData("""{"id":"c1","orderId":"o1","action":"Teleport"}""")]
    [InlineData("""{"id":"c1","orderId":"o1"}""")]
    [InlineData("{{{")]
    public void A_command_of_no_known_action_is_poison_with_its_reason(string body)
    {
        var poison = Assert.Throws<PoisonMessageException>(() => OrderCommand.Read(Message(body)));

        Assert.Equal("message.invalid_body", poison.Reason);
    }

    private static IncomingMessage Message(string body) =>
        new() { Id = "m1", Source = Destinations.Orders, Type = OrderCommand.MessageType, Body = body };
}
