using Platform.Core.Common;

namespace Platform.Core.Commerce;

/// <summary>
/// The order's own rules: whether a command may apply now (the state machine's table, who may act, and the order's
/// invariants), and what applying it records. Effects outside the order (stock, the payment provider, timers) are the
/// <see cref="OrderWorkflow"/>'s; it applies a command to the order only once those succeeded.
/// </summary>
public sealed partial record Order
{
    /// <summary>How early a scheduled timer may arrive and still count as due: schedulers store times with less precision
    /// than the clock, and the broker's clock is not the worker's.</summary>
    public static readonly TimeSpan ScheduleSkew = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether <paramref name="command"/> may be applied now; throws the refusal (409 / 403 / 400) otherwise. The HTTP API
    /// asks first, so a caller hears "no" at once instead of via the order's refusals.
    /// </summary>
    public void Check(OrderCommand command, DateTimeOffset now)
    {
        OrderStateMachine.Next(Status, command.Action, command.Actor.Kind);
        switch (command)
        {
            case ConfirmPayment payment when payment.Amount != Total:
                throw PlatformException.Conflict("order.payment_amount_mismatch", $"The payment is not for the order total {Total.AmountMinor} {Total.Currency}.");
            case ExpirePayment when now + ScheduleSkew < PaymentDueAt:
                throw PlatformException.Conflict("order.payment_not_due", "The payment window has not ended.");
            case CompleteOrder when command.Actor.Kind == ActorKind.System && now + ScheduleSkew < ReturnWindowEndsAt:
                throw PlatformException.Conflict("order.return_window_open", "The return window has not ended.");
            case RequestRefund when now > ReturnWindowEndsAt:
                throw PlatformException.Conflict("order.return_window_closed", "The no-reason return window has ended.");
            case RequestRefund refund:
                RefundLines(refund.RefundLines);
                break;
            case ShipOrder ship when string.IsNullOrWhiteSpace(ship.Carrier) || string.IsNullOrWhiteSpace(ship.TrackingNumber):
                throw PlatformException.Invalid("trackingNumber", "order.shipment_required", "Name the carrier and the tracking number.");
        }
    }

    /// <summary>
    /// The order after <paramref name="command"/>: checked (throws the refusal), moved to the state the table names, with
    /// what the action carries recorded and the transition in its history (and its <c>order.status_changed</c> event pending).
    /// </summary>
    public Order Apply(OrderCommand command, DateTimeOffset now, TimeSpan returnWindow)
    {
        Check(command, now);
        var changed = command switch
        {
            ConfirmPayment payment => this with { Payment = new PaymentRecord(payment.PaymentId, payment.Amount, now) },
            ShipOrder ship => this with { Shipment = new Shipment(ship.Carrier!.Trim(), ship.TrackingNumber!.Trim(), now) },
            DeliverOrder => this with { DeliveredAt = now, ReturnWindowEndsAt = now + returnWindow },
            RequestRefund refund => this with { Refund = NewRefund(refund, now) },
            ApproveRefund => this with { Refund = Refund! with { RefundedAt = now } },
            RejectRefund reject => this with { Refund = Refund! with { RejectedReason = reject.Reason?.Trim() ?? "" } },
            _ => this,
        };
        return changed.MoveTo(OrderStateMachine.Next(Status, command.Action, command.Actor.Kind), command, command.Cause, now);
    }

    /// <summary>Paid, but a hold was lost and the units sold meanwhile: nothing to ship, so the order is cancelled (and the
    /// money goes back).</summary>
    public Order ApplyUnfulfillable(ConfirmPayment payment, DateTimeOffset now)
    {
        Check(payment, now);
        return (this with { Payment = new PaymentRecord(payment.PaymentId, payment.Amount, now) })
            .MoveTo(OrderStatus.Cancelled, payment, $"{payment.Cause}; stock unavailable, payment refunded", now);
    }

    /// <summary>Records a command that arrived but did not apply, with the refusal's code.</summary>
    public Order Refuse(OrderCommand command, string code, DateTimeOffset now) =>
        this with { Refusals = [.. Refusals, new RefusedCommand(command.Id, command.Action, now, code, command.Actor)] };

    private Order MoveTo(OrderStatus to, OrderCommand command, string cause, DateTimeOffset now)
    {
        var transition = new OrderTransition(Status, to, command.Action, now, cause, command.Actor);
        var moved = this with { Status = to, History = [.. History, transition] };
        return moved with { PendingEvents = [.. PendingEvents, OrderMessages.StatusChanged(moved, transition)] };
    }

    private RefundRecord NewRefund(RequestRefund request, DateTimeOffset now)
    {
        var lines = RefundLines(request.RefundLines);
        var everything = lines.Sum(l => l.Quantity) == Lines.Sum(l => l.Quantity);
        var amount = lines.Select(l => Lines.First(o => o.SkuId == l.SkuId).UnitPrice.Times(l.Quantity))
            .Aggregate(everything ? ShippingFee : Money.Zero(Total.Currency), (a, b) => a.Plus(b));
        return new RefundRecord(request.Reason?.Trim() ?? "", lines, request.ReturnGoods ?? true, amount, now);
    }

    private IReadOnlyList<StockRequest> RefundLines(IReadOnlyList<StockRequest>? requested)
    {
        if (requested is null || requested.Count == 0)
        {
            return StockLines.ToList();
        }

        var valid = requested.All(r => r.Quantity > 0 && Lines.Any(l => l.SkuId == r.SkuId && r.Quantity <= l.Quantity))
            && requested.Select(r => r.SkuId).Distinct(StringComparer.Ordinal).Count() == requested.Count;
        return valid
            ? requested
            : throw PlatformException.Invalid("lines", "order.invalid_refund_lines", "Each refund line must name a SKU of the order and at most the quantity bought.");
    }
}
