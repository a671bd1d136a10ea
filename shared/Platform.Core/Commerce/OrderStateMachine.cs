using Platform.Core.Common;

namespace Platform.Core.Commerce;

/// <summary>
/// The order lifecycle as a table: which action moves which state where, and who may take it.
/// <c>PendingPayment → Paid → Fulfilling → Shipped → Delivered → Completed</c>; <c>Cancelled</c> before shipment (the buyer, or
/// the payment timeout); after delivery <c>RefundRequested → Refunded</c> (or back to <c>Delivered</c> when the brand refuses).
/// </summary>
public static class OrderStateMachine
{
    private static readonly Dictionary<(OrderStatus From, OrderAction Action), OrderStatus> Transitions = new()
    {
        [(OrderStatus.PendingPayment, OrderAction.ConfirmPayment)] = OrderStatus.Paid,
        [(OrderStatus.PendingPayment, OrderAction.ExpirePayment)] = OrderStatus.Cancelled,
        [(OrderStatus.PendingPayment, OrderAction.Cancel)] = OrderStatus.Cancelled,
        [(OrderStatus.Paid, OrderAction.Cancel)] = OrderStatus.Cancelled,
        [(OrderStatus.Paid, OrderAction.StartFulfilment)] = OrderStatus.Fulfilling,
        [(OrderStatus.Fulfilling, OrderAction.Cancel)] = OrderStatus.Cancelled,
        [(OrderStatus.Fulfilling, OrderAction.Ship)] = OrderStatus.Shipped,
        [(OrderStatus.Shipped, OrderAction.Deliver)] = OrderStatus.Delivered,
        [(OrderStatus.Delivered, OrderAction.Complete)] = OrderStatus.Completed,
        [(OrderStatus.Delivered, OrderAction.RequestRefund)] = OrderStatus.RefundRequested,
        [(OrderStatus.RefundRequested, OrderAction.ApproveRefund)] = OrderStatus.Refunded,
        [(OrderStatus.RefundRequested, OrderAction.RejectRefund)] = OrderStatus.Delivered,
    };

    private static readonly Dictionary<OrderAction, ActorKind[]> Actors = new()
    {
        [OrderAction.ConfirmPayment] = [ActorKind.PaymentProvider],
        [OrderAction.ExpirePayment] = [ActorKind.System],
        [OrderAction.Cancel] = [ActorKind.Buyer],
        // Follows payment by itself (the shop's fulfilment queue accepts every paid order).
        [OrderAction.StartFulfilment] = [ActorKind.System],
        [OrderAction.Ship] = [ActorKind.Brand],
        // A carrier's delivery notice arrives through the brand (or its logistics integration) acting for it.
        [OrderAction.Deliver] = [ActorKind.Brand],
        // The buyer confirms receipt, or the return window runs out.
        [OrderAction.Complete] = [ActorKind.Buyer, ActorKind.System],
        [OrderAction.RequestRefund] = [ActorKind.Buyer],
        [OrderAction.ApproveRefund] = [ActorKind.Brand],
        [OrderAction.RejectRefund] = [ActorKind.Brand],
    };

    public static IReadOnlyCollection<OrderStatus> Terminal { get; } = [OrderStatus.Completed, OrderStatus.Cancelled, OrderStatus.Refunded];

    public static bool CanApply(OrderStatus from, OrderAction action) => Transitions.ContainsKey((from, action));

    public static bool MayTake(ActorKind actor, OrderAction action) => Actors[action].Contains(actor);

    /// <summary>The state <paramref name="action"/> leads to, or a 409 <c>order.illegal_transition</c>; a 403 when the actor may not take it.</summary>
    public static OrderStatus Next(OrderStatus from, OrderAction action, ActorKind actor)
    {
        if (!MayTake(actor, action))
        {
            throw PlatformException.Forbidden("order.action_not_allowed", $"{Describe(actor)} cannot {Verb(action)} an order.");
        }

        return Transitions.TryGetValue((from, action), out var to)
            ? to
            : throw PlatformException.Conflict("order.illegal_transition", $"An order that is {from} cannot be {Past(action)}.");
    }

    /// <summary>What <paramref name="actor"/> may do to an order in <paramref name="status"/> now (for clients to show the right buttons).</summary>
    public static IReadOnlyList<OrderAction> ActionsFor(OrderStatus status, ActorKind actor) =>
        Transitions.Keys.Where(k => k.From == status && MayTake(actor, k.Action)).Select(k => k.Action).ToList();

    private static string Describe(ActorKind actor) => actor switch
    {
        ActorKind.Buyer => "The buyer",
        ActorKind.Brand => "The brand",
        ActorKind.PaymentProvider => "The payment provider",
        _ => "The platform",
    };

    private static string Verb(OrderAction action) => action switch
    {
        OrderAction.ConfirmPayment => "confirm payment of",
        OrderAction.ExpirePayment => "expire",
        OrderAction.Cancel => "cancel",
        OrderAction.StartFulfilment => "start fulfilling",
        OrderAction.Ship => "ship",
        OrderAction.Deliver => "mark delivered",
        OrderAction.Complete => "complete",
        OrderAction.RequestRefund => "request a refund for",
        OrderAction.ApproveRefund => "approve a refund for",
        _ => "reject a refund for",
    };

    private static string Past(OrderAction action) => action switch
    {
        OrderAction.ConfirmPayment => "paid",
        OrderAction.ExpirePayment => "expired",
        OrderAction.Cancel => "cancelled",
        OrderAction.StartFulfilment => "put into fulfilment",
        OrderAction.Ship => "shipped",
        OrderAction.Deliver => "marked delivered",
        OrderAction.Complete => "completed",
        OrderAction.RequestRefund => "refunded on request",
        OrderAction.ApproveRefund => "given an approved refund",
        _ => "given a refused refund",
    };
}
