using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Messaging;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>
/// Applies order commands one at a time (the transport delivers one order's commands in sequence: a Service Bus session
/// per order in Azure, the embedded queue's session locally). For each command: check it against the state machine, carry
/// out its effects on stock and money (each safe to repeat), then write the order with the transition, the command's id and
/// the messages it raises, in one ETag-checked write. A command that no longer applies (a timeout after payment) is recorded
/// as refused and changes nothing else.
/// </summary>
public sealed class OrderWorkflow(
    IDocumentStore store,
    StockLedger stock,
    IPaymentProvider payments,
    Outbox outbox,
    IOptions<CommerceOptions> options,
    TimeProvider clock,
    ILogger<OrderWorkflow> logger)
{
    /// <summary>How early a scheduled timer may arrive and still count as due: schedulers store times with less precision
    /// than the clock, and the broker's clock is not the worker's.</summary>
    public static readonly TimeSpan ScheduleSkew = TimeSpan.FromSeconds(2);

    private readonly CommerceOptions _options = options.Value;

    public async Task HandleAsync(OrderCommand command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await HandleOnceAsync(command, cancellationToken);
                return;
            }
            catch (DocumentPreconditionFailedException) when (attempt < 3)
            {
                // Only the outbox relay writes an order outside its session (clearing sent events): apply the command again
                // to what it wrote; every effect is safe to repeat.
            }
        }
    }

    private async Task HandleOnceAsync(OrderCommand command, CancellationToken cancellationToken)
    {
        var current = await store.FindAsync<Order>(Collections.Orders, command.OrderId, command.OrderId, cancellationToken);
        if (current is null)
        {
            // A checkout that died before writing its order: its holds expire on their own.
            logger.LogWarning("Order {OrderId} does not exist; dropping {Action} command {CommandId}", command.OrderId, command.Action, command.Id);
            return;
        }

        if (current.Value.ProcessedCommandIds.Contains(command.Id))
        {
            // Applied before; its messages may not have gone out.
            await FlushAsync(current, cancellationToken);
            return;
        }

        var order = current.Value;
        var now = clock.GetUtcNow();
        PlatformException? refusal = null;
        try
        {
            Check(order, command, now);
        }
        catch (PlatformException e)
        {
            refusal = e;
        }

        Order next;
        if (refusal is null)
        {
            // Failures from here on (stock contention, the provider down) are transient: the message is delivered again.
            next = await ApplyAsync(order, command, now, cancellationToken);
        }
        else
        {
            logger.LogInformation("Refused {Action} on order {OrderId} ({Status}): {Code}", command.Action, order.Id, order.Status, refusal.Code);
            next = order with { Refusals = [.. order.Refusals, new RefusedCommand(command.Id, command.Action, now, refusal.Code, command.Actor)] };
            if (command.Action == OrderAction.ConfirmPayment && command.PaymentId != order.Payment?.PaymentId)
            {
                await RefundUnwantedPaymentAsync(order, command, cancellationToken);
            }

            if (Rescheduled(order, command, refusal, now) is { } again)
            {
                next = next with { PendingEvents = [.. next.PendingEvents, again] };
            }
        }

        next = next with { ProcessedCommandIds = [.. order.ProcessedCommandIds, command.Id], UpdatedAt = now };
        var etag = await store.ReplaceAsync(Collections.Orders, order.Id, order.Id, next, current.ETag, cancellationToken);
        await FlushAsync(new StoredDocument<Order>(next, etag), cancellationToken);
    }

    /// <summary>
    /// Whether <paramref name="command"/> may be applied to <paramref name="order"/> now; throws the refusal (409 / 403 / 400)
    /// otherwise. The HTTP API calls this first, so a caller hears "no" at once instead of via the order's refusals.
    /// </summary>
    public void Check(Order order, OrderCommand command, DateTimeOffset now)
    {
        OrderStateMachine.Next(order.Status, command.Action, command.Actor.Kind);
        switch (command.Action)
        {
            case OrderAction.ConfirmPayment when command.Amount != order.Total:
                throw PlatformException.Conflict("order.payment_amount_mismatch", $"The payment is not for the order total {order.Total.AmountMinor} {order.Total.Currency}.");
            case OrderAction.ExpirePayment when now + ScheduleSkew < order.PaymentDueAt:
                throw PlatformException.Conflict("order.payment_not_due", "The payment window has not ended.");
            case OrderAction.Complete when command.Actor.Kind == ActorKind.System && now + ScheduleSkew < order.ReturnWindowEndsAt:
                throw PlatformException.Conflict("order.return_window_open", "The return window has not ended.");
            case OrderAction.RequestRefund when now > order.ReturnWindowEndsAt:
                throw PlatformException.Conflict("order.return_window_closed", "The no-reason return window has ended.");
            case OrderAction.RequestRefund:
                RefundLines(order, command.RefundLines);
                break;
            case OrderAction.Ship when string.IsNullOrWhiteSpace(command.Carrier) || string.IsNullOrWhiteSpace(command.TrackingNumber):
                throw PlatformException.Invalid("trackingNumber", "order.shipment_required", "Name the carrier and the tracking number.");
        }
    }

    private async Task<Order> ApplyAsync(Order order, OrderCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var to = OrderStateMachine.Next(order.Status, command.Action, command.Actor.Kind);
        var cause = command.Cause;
        var changed = order;
        var followUps = new List<OutgoingMessage>();
        switch (command.Action)
        {
            case OrderAction.ConfirmPayment:
                changed = order with { Payment = new PaymentRecord(command.PaymentId!, command.Amount!, now) };
                if (!await CommitStockAsync(order, cancellationToken))
                {
                    // Paid, but a hold was lost and the units sold meanwhile: nothing to ship, so the money goes back.
                    to = OrderStatus.Cancelled;
                    cause = $"{command.Cause}; stock unavailable, payment refunded";
                    await RefundAsync(changed, $"unfulfillable-{order.Id}", order.Total, "stock unavailable", cancellationToken);
                    break;
                }

                followUps.Add(OrderMessages.Command(SystemCommand(order.Id, OrderAction.StartFulfilment, "paid", now, $"fulfil-{order.Id}"), now));
                break;

            case OrderAction.ExpirePayment:
                await stock.ReleaseAsync(order.Id, order.Lines.Select(l => l.SkuId).ToList(), cancellationToken);
                break;

            case OrderAction.Cancel:
                if (order.Status == OrderStatus.PendingPayment)
                {
                    await stock.ReleaseAsync(order.Id, order.Lines.Select(l => l.SkuId).ToList(), cancellationToken);
                }
                else
                {
                    foreach (var line in order.StockLines)
                    {
                        await stock.ReturnAsync(order.Id, line, cancellationToken);
                    }

                    await RefundAsync(order, $"cancel-{order.Id}", order.Payment?.Amount ?? order.Total, "cancelled by buyer", cancellationToken);
                }

                break;

            case OrderAction.Ship:
                changed = order with { Shipment = new Shipment(command.Carrier!.Trim(), command.TrackingNumber!.Trim(), now) };
                break;

            case OrderAction.Deliver:
                var windowEnds = now + _options.ReturnWindow;
                changed = order with { DeliveredAt = now, ReturnWindowEndsAt = windowEnds };
                followUps.Add(OrderMessages.Command(
                    SystemCommand(order.Id, OrderAction.Complete, "return_window_ended", now, $"complete-{order.Id}-{now.ToUnixTimeMilliseconds()}"), now, windowEnds));
                break;

            case OrderAction.RequestRefund:
                var lines = RefundLines(order, command.RefundLines);
                var everything = lines.Sum(l => l.Quantity) == order.Lines.Sum(l => l.Quantity);
                var amount = lines.Select(l => order.Lines.First(o => o.SkuId == l.SkuId).UnitPrice.Times(l.Quantity))
                    .Aggregate(everything ? order.ShippingFee : Money.Zero(order.Total.Currency), (a, b) => a.Plus(b));
                changed = order with { Refund = new RefundRecord(command.Reason?.Trim() ?? "", lines, command.ReturnGoods ?? true, amount, now) };
                break;

            case OrderAction.ApproveRefund:
                var refund = order.Refund!;
                if (refund.ReturnGoods)
                {
                    foreach (var line in refund.Lines)
                    {
                        await stock.ReturnAsync(order.Id, line, cancellationToken);
                    }
                }

                var result = await RefundAsync(order, $"refund-{order.Id}", refund.Amount, refund.Reason, cancellationToken);
                changed = order with { Refund = refund with { RefundedAt = now, ProviderRefundId = result?.ProviderRefundId } };
                break;

            case OrderAction.RejectRefund:
                changed = order with { Refund = order.Refund! with { RejectedReason = command.Reason?.Trim() ?? "" } };
                var completeAt = order.ReturnWindowEndsAt is { } ends && ends > now ? ends : now;
                followUps.Add(OrderMessages.Command(
                    SystemCommand(order.Id, OrderAction.Complete, "return_window_ended", now, $"complete-{order.Id}-{now.ToUnixTimeMilliseconds()}"), now, completeAt));
                break;
        }

        var transition = new OrderTransition(order.Status, to, command.Action, now, cause, command.Actor);
        changed = changed with { Status = to, History = [.. order.History, transition] };
        return changed with { PendingEvents = [.. order.PendingEvents, .. followUps, OrderMessages.StatusChanged(changed, transition)] };
    }

    /// <summary>Sends an order's pending messages and clears them; if that fails, the outbox relay sends them later.</summary>
    public Task<StoredDocument<Order>> FlushAsync(StoredDocument<Order> written, CancellationToken cancellationToken) =>
        outbox.FlushAsync(Collections.Orders, written.Value.Id, written.Value.Id, written, cancellationToken);

    // A timer that fired before its time (a clock far behind, or a message from an earlier schedule) is set again for the
    // time the order now says, so the order cannot be left waiting for a timer that was refused.
    private static OutgoingMessage? Rescheduled(Order order, OrderCommand command, PlatformException refusal, DateTimeOffset now)
    {
        DateTimeOffset? due = refusal.Code switch
        {
            "order.payment_not_due" => order.PaymentDueAt,
            "order.return_window_open" => order.ReturnWindowEndsAt,
            _ => null,
        };
        return due is { } at && command.Actor.Kind == ActorKind.System
            ? OrderMessages.Command(command with { Id = $"{command.Id}-{at.ToUnixTimeMilliseconds()}", IssuedAt = now }, now, at)
            : null;
    }

    public static OrderCommand SystemCommand(string orderId, OrderAction action, string cause, DateTimeOffset now, string id) => new()
    {
        Id = id,
        OrderId = orderId,
        Action = action,
        Actor = Actor.System,
        Cause = cause,
        IssuedAt = now,
    };

    private async Task<bool> CommitStockAsync(Order order, CancellationToken cancellationToken)
    {
        var committed = new List<StockRequest>();
        foreach (var line in order.StockLines)
        {
            if (!await stock.CommitAsync(order.Id, line, cancellationToken))
            {
                foreach (var done in committed)
                {
                    await stock.ReturnAsync(order.Id, done, cancellationToken);
                }

                await stock.ReleaseAsync(order.Id, order.Lines.Select(l => l.SkuId).ToList(), cancellationToken);
                return false;
            }

            committed.Add(line);
        }

        return true;
    }

    private async Task<RefundResult?> RefundAsync(Order order, string refundId, Money amount, string reason, CancellationToken cancellationToken)
    {
        if (order.Payment is not { } payment || amount.AmountMinor == 0)
        {
            return null;
        }

        return await payments.RefundAsync(new RefundRequest(refundId, payment.PaymentId, order.Id, amount, reason), cancellationToken);
    }

    // A payment for an order that cannot take it (cancelled, already paid by another payment, wrong amount): give it back.
    private async Task RefundUnwantedPaymentAsync(Order order, OrderCommand command, CancellationToken cancellationToken)
    {
        if (command.PaymentId is null || command.Amount is null)
        {
            return;
        }

        logger.LogWarning("Refunding payment {PaymentId} for order {OrderId}, which cannot take it", command.PaymentId, order.Id);
        await payments.RefundAsync(new RefundRequest($"unwanted-{command.PaymentId}", command.PaymentId, order.Id, command.Amount,
            "payment not accepted by the order"), cancellationToken);
    }

    private static IReadOnlyList<StockRequest> RefundLines(Order order, IReadOnlyList<StockRequest>? requested)
    {
        if (requested is null || requested.Count == 0)
        {
            return order.StockLines.ToList();
        }

        var valid = requested.All(r => r.Quantity > 0 && order.Lines.Any(l => l.SkuId == r.SkuId && r.Quantity <= l.Quantity))
            && requested.Select(r => r.SkuId).Distinct(StringComparer.Ordinal).Count() == requested.Count;
        return valid
            ? requested
            : throw PlatformException.Invalid("lines", "order.invalid_refund_lines", "Each refund line must name a SKU of the order and at most the quantity bought.");
    }
}
