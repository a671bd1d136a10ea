using Platform.Core.Commerce;
using Platform.Core.Common;

namespace Platform.Tests.Commerce;

/// <summary>The order lifecycle table: every legal move, and a clear refusal for everything else.</summary>
public sealed class OrderStateMachineTests
{
    public static TheoryData<OrderStatus, OrderAction, ActorKind, OrderStatus> Legal => new()
    {
        { OrderStatus.PendingPayment, OrderAction.ConfirmPayment, ActorKind.PaymentProvider, OrderStatus.Paid },
        { OrderStatus.PendingPayment, OrderAction.ExpirePayment, ActorKind.System, OrderStatus.Cancelled },
        { OrderStatus.PendingPayment, OrderAction.Cancel, ActorKind.Buyer, OrderStatus.Cancelled },
        { OrderStatus.Paid, OrderAction.StartFulfilment, ActorKind.System, OrderStatus.Fulfilling },
        { OrderStatus.Paid, OrderAction.Cancel, ActorKind.Buyer, OrderStatus.Cancelled },
        { OrderStatus.Fulfilling, OrderAction.Cancel, ActorKind.Buyer, OrderStatus.Cancelled },
        { OrderStatus.Fulfilling, OrderAction.Ship, ActorKind.Brand, OrderStatus.Shipped },
        { OrderStatus.Shipped, OrderAction.Deliver, ActorKind.Brand, OrderStatus.Delivered },
        { OrderStatus.Delivered, OrderAction.Complete, ActorKind.Buyer, OrderStatus.Completed },
        { OrderStatus.Delivered, OrderAction.Complete, ActorKind.System, OrderStatus.Completed },
        { OrderStatus.Delivered, OrderAction.RequestRefund, ActorKind.Buyer, OrderStatus.RefundRequested },
        { OrderStatus.RefundRequested, OrderAction.ApproveRefund, ActorKind.Brand, OrderStatus.Refunded },
        { OrderStatus.RefundRequested, OrderAction.RejectRefund, ActorKind.Brand, OrderStatus.Delivered },
    };

    [Theory]
    [MemberData(nameof(Legal))]
    public void A_legal_move_leads_where_the_lifecycle_says(OrderStatus from, OrderAction action, ActorKind actor, OrderStatus to) =>
        Assert.Equal(to, OrderStateMachine.Next(from, action, actor));

    [Fact]
    public void Every_other_move_is_refused_as_an_illegal_transition()
    {
        var legal = Legal.Select(row => ((OrderStatus)row[0], (OrderAction)row[1])).ToHashSet();
        var refused = 0;
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var action in Enum.GetValues<OrderAction>().Where(a => !legal.Contains((from, a))))
            {
                var actor = Enum.GetValues<ActorKind>().First(k => OrderStateMachine.MayTake(k, action));
                var error = Assert.Throws<PlatformException>(() => OrderStateMachine.Next(from, action, actor));
                Assert.Equal((ErrorKind.Conflict, "order.illegal_transition"), (error.Kind, error.Code));
                Assert.Contains(from.ToString(), error.Message, StringComparison.Ordinal);
                refused++;
            }
        }

        Assert.Equal(Enum.GetValues<OrderStatus>().Length * Enum.GetValues<OrderAction>().Length - legal.Count, refused);
    }

    [Fact]
    public void Each_move_belongs_to_its_actor()
    {
        var error = Assert.Throws<PlatformException>(() => OrderStateMachine.Next(OrderStatus.Fulfilling, OrderAction.Ship, ActorKind.Buyer));
        Assert.Equal((ErrorKind.Forbidden, "order.action_not_allowed"), (error.Kind, error.Code));
        Assert.Throws<PlatformException>(() => OrderStateMachine.Next(OrderStatus.PendingPayment, OrderAction.ConfirmPayment, ActorKind.Buyer));
        Assert.Throws<PlatformException>(() => OrderStateMachine.Next(OrderStatus.PendingPayment, OrderAction.Cancel, ActorKind.Brand));
    }

    [Fact]
    public void Terminal_states_offer_no_actions_and_others_offer_the_right_ones()
    {
        foreach (var terminal in OrderStateMachine.Terminal)
        {
            Assert.All(Enum.GetValues<ActorKind>(), actor => Assert.Empty(OrderStateMachine.ActionsFor(terminal, actor)));
        }

        Assert.Equal([OrderAction.Cancel], OrderStateMachine.ActionsFor(OrderStatus.PendingPayment, ActorKind.Buyer));
        Assert.Equal([OrderAction.Ship], OrderStateMachine.ActionsFor(OrderStatus.Fulfilling, ActorKind.Brand));
        Assert.Equal([OrderAction.Complete, OrderAction.RequestRefund], OrderStateMachine.ActionsFor(OrderStatus.Delivered, ActorKind.Buyer).Order());
    }
}
