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
    UnpaidHoldLimits unpaidLimits,
    IPaymentProvider payments,
    Outbox outbox,
    IOptions<CommerceOptions> options,
    TimeProvider clock,
    ILogger<OrderWorkflow> logger)
{
    /// <inheritdoc cref="Order.ScheduleSkew"/>
    public static readonly TimeSpan ScheduleSkew = Order.ScheduleSkew;

    private readonly CommerceOptions _options = options.Value;

    public async Task HandleAsync(OrderCommand command, CancellationToken cancellationToken)
    {
        // Only the outbox relay writes an order outside its session (clearing sent events): the command applies again to
        // what it wrote; every effect is safe to repeat.
        var update = await store.UpdateAsync<Order>(Collections.Orders, command.OrderId, command.OrderId,
            (order, ct) => DecideAsync(order, command, ct), maxAttempts: 3, cancellationToken);
        if (update.Current is { } current)
        {
            // Written now, or applied before (a redelivery) with its messages perhaps not yet sent.
            await FlushAsync(current, cancellationToken);
        }
    }

    private async ValueTask<Order?> DecideAsync(Order? order, OrderCommand command, CancellationToken cancellationToken)
    {
        if (order is null)
        {
            // A checkout that died before writing its order: its holds expire on their own.
            logger.LogWarning("Order {OrderId} does not exist; dropping {Action} command {CommandId}", command.OrderId, command.Action, command.Id);
            return null;
        }

        if (order.ProcessedCommandIds.Contains(command.Id))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        command = await ReconcileAsync(order, command, now, cancellationToken);
        PlatformException? refusal = null;
        try
        {
            order.Check(command, now);
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
            if (order.Status == OrderStatus.PendingPayment && next.Status != OrderStatus.PendingPayment)
            {
                // Paid, cancelled or lapsed: no longer counts against the buyer's unpaid orders (a lapse counts a while longer).
                await unpaidLimits.SettleAsync(order.BuyerId, order.Id,
                    lapsed: command is ExpirePayment && next.Status == OrderStatus.Cancelled, cancellationToken);
            }
        }
        else
        {
            logger.LogInformation("Refused {Action} on order {OrderId} ({Status}): {Code}", command.Action, order.Id, order.Status, refusal.Code);
            next = order.Refuse(command, refusal.Code, now);
            if (command is ConfirmPayment payment && payment.PaymentId != order.Payment?.PaymentId)
            {
                await RefundUnwantedPaymentAsync(order, payment, cancellationToken);
            }

            if (Rescheduled(order, command, refusal, now) is { } again)
            {
                next = next with { PendingEvents = [.. next.PendingEvents, again] };
            }
        }

        return next with { ProcessedCommandIds = [.. order.ProcessedCommandIds, command.Id], UpdatedAt = now };
    }

    // The effects outside the order come first; the order records the transition once they succeeded.
    private async Task<Order> ApplyAsync(Order order, OrderCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var followUps = new List<OutgoingMessage>();
        RefundResult? refunded = null;
        switch (command)
        {
            case ConfirmPayment payment:
                if (!await CommitStockAsync(order, cancellationToken))
                {
                    var unfulfillable = order.ApplyUnfulfillable(payment, now);
                    await RefundAsync(unfulfillable, $"unfulfillable-{order.Id}", order.Total, "stock unavailable", cancellationToken);
                    return unfulfillable;
                }

                followUps.Add(OrderMessages.Command(SystemCommand(new StartFulfilment(), order.Id, "paid", now, $"fulfil-{order.Id}"), now));
                break;

            case ExpirePayment:
                await stock.ReleaseAsync(order.Id, order.Lines.Select(l => l.SkuId).ToList(), cancellationToken);
                break;

            case CancelOrder when order.Status == OrderStatus.PendingPayment:
                await stock.ReleaseAsync(order.Id, order.Lines.Select(l => l.SkuId).ToList(), cancellationToken);
                break;

            case CancelOrder:
                foreach (var line in order.StockLines)
                {
                    await stock.ReturnAsync(order.Id, line, cancellationToken);
                }

                await RefundAsync(order, $"cancel-{order.Id}", order.Payment?.Amount ?? order.Total, "cancelled by buyer", cancellationToken);
                break;

            case DeliverOrder:
                followUps.Add(OrderMessages.Command(
                    SystemCommand(new CompleteOrder(), order.Id, "return_window_ended", now, $"complete-{order.Id}-{now.ToUnixTimeMilliseconds()}"),
                    now, now + _options.ReturnWindow));
                break;

            case ApproveRefund:
                var refund = order.Refund!;
                if (refund.ReturnGoods)
                {
                    foreach (var line in refund.Lines)
                    {
                        await stock.ReturnAsync(order.Id, line, cancellationToken);
                    }
                }

                refunded = await RefundAsync(order, $"refund-{order.Id}", refund.Amount, refund.Reason, cancellationToken);
                break;

            case RejectRefund:
                var completeAt = order.ReturnWindowEndsAt is { } ends && ends > now ? ends : now;
                followUps.Add(OrderMessages.Command(
                    SystemCommand(new CompleteOrder(), order.Id, "return_window_ended", now, $"complete-{order.Id}-{now.ToUnixTimeMilliseconds()}"), now, completeAt));
                break;
        }

        var next = order.Apply(command, now, _options.ReturnWindow);
        if (refunded is not null)
        {
            next = next with { Refund = next.Refund! with { ProviderRefundId = refunded.ProviderRefundId } };
        }

        return next with { PendingEvents = [.. next.PendingEvents, .. followUps] };
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

    /// <summary>A command the platform sends itself (a timer, a follow-up), stamped with its id and cause.</summary>
    public static OrderCommand SystemCommand(OrderCommand command, string orderId, string cause, DateTimeOffset now, string id) =>
        command with { Id = id, OrderId = orderId, Actor = Actor.System, Cause = cause, IssuedAt = now };

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

    /// <summary>
    /// Before the payment timeout cancels an order, ask the provider: a payment that succeeded but whose webhook was lost is
    /// honoured (the timeout becomes its confirmation); one for the wrong amount is refunded and the order cancelled. If the
    /// provider cannot be reached, the exception redelivers the timeout: it never cancels blind.
    /// </summary>
    private async Task<OrderCommand> ReconcileAsync(Order order, OrderCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (command is not ExpirePayment || order.Status != OrderStatus.PendingPayment || now + ScheduleSkew < order.PaymentDueAt
            || await payments.FindPaymentAsync(order.Id, cancellationToken) is not { Status: ProviderPaymentStatus.Succeeded } paid)
        {
            return command;
        }

        var confirmation = new ConfirmPayment(paid.PaymentId, paid.Amount)
        {
            Id = command.Id,
            OrderId = order.Id,
            Actor = Actor.PaymentProvider,
            Cause = "payment_reconciled_at_timeout",
            IssuedAt = command.IssuedAt,
        };
        if (paid.Amount == order.Total)
        {
            logger.LogWarning("Order {OrderId}: payment {PaymentId} succeeded without a webhook; confirmed at the timeout", order.Id, paid.PaymentId);
            return confirmation;
        }

        await RefundUnwantedPaymentAsync(order, confirmation, cancellationToken);
        return command;
    }

    // A payment for an order that cannot take it (cancelled, already paid by another payment, wrong amount): give it back.
    private async Task RefundUnwantedPaymentAsync(Order order, ConfirmPayment payment, CancellationToken cancellationToken)
    {
        if (payment.PaymentId is null || payment.Amount is null)
        {
            return;
        }

        logger.LogWarning("Refunding payment {PaymentId} for order {OrderId}, which cannot take it", payment.PaymentId, order.Id);
        await payments.RefundAsync(new RefundRequest($"unwanted-{payment.PaymentId}", payment.PaymentId, order.Id, payment.Amount,
            "payment not accepted by the order"), cancellationToken);
    }
}
