using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Core.Common;
using Platform.Core.Messaging;

namespace Platform.Core.Commerce;

/// <summary>
/// A request to move one order along, as it travels to the workflow (the body of an <c>order.command</c> message on the
/// orders queue, session id = order id): one record per action, carrying what that action needs. <see cref="Id"/> is the
/// message id: a redelivered command is applied once.
/// </summary>
/// <remarks>
/// On the wire the action is the <c>action</c> property and each record's fields sit beside the envelope's, which is the
/// shape the single record of nullable fields had, so a message queued before this change is read as the record of its
/// action; a message naming no known action is dead-lettered (<see cref="Read"/>).
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "action")]
[JsonDerivedType(typeof(ConfirmPayment), nameof(OrderAction.ConfirmPayment))]
[JsonDerivedType(typeof(ExpirePayment), nameof(OrderAction.ExpirePayment))]
[JsonDerivedType(typeof(CancelOrder), nameof(OrderAction.Cancel))]
[JsonDerivedType(typeof(StartFulfilment), nameof(OrderAction.StartFulfilment))]
[JsonDerivedType(typeof(ShipOrder), nameof(OrderAction.Ship))]
[JsonDerivedType(typeof(DeliverOrder), nameof(OrderAction.Deliver))]
[JsonDerivedType(typeof(CompleteOrder), nameof(OrderAction.Complete))]
[JsonDerivedType(typeof(RequestRefund), nameof(OrderAction.RequestRefund))]
[JsonDerivedType(typeof(ApproveRefund), nameof(OrderAction.ApproveRefund))]
[JsonDerivedType(typeof(RejectRefund), nameof(OrderAction.RejectRefund))]
public abstract record OrderCommand
{
    public const string MessageType = "order.command";

    // Earlier messages wrote "action" after "id" and "orderId": read it wherever it stands.
    private static readonly JsonSerializerOptions WireOptions = new(PlatformJson.Options) { AllowOutOfOrderMetadataProperties = true };

    /// <summary>Stamped by whoever sends the command (<see cref="OrderService"/>, the payment webhook, the workflow's timers).</summary>
    public string Id { get; init; } = "";

    public string OrderId { get; init; } = "";

    [JsonIgnore]
    public abstract OrderAction Action { get; }

    public Actor Actor { get; init; } = Actor.System;

    /// <summary>Why, in words an operator can read in the order's history (e.g. <c>payment_timeout</c>, a payment event id).</summary>
    public string Cause { get; init; } = "";

    public DateTimeOffset IssuedAt { get; init; }

    /// <summary>The command in an <c>order.command</c> message; one naming no known action, or not JSON, is poison.</summary>
    public static OrderCommand Read(IncomingMessage message)
    {
        try
        {
            return JsonSerializer.Deserialize<OrderCommand>(message.Body, WireOptions)
                ?? throw new PoisonMessageException("message.empty_body", $"Message {message.Id} has a null body.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new PoisonMessageException("message.invalid_body",
                $"Message {message.Id} is not an order command of a known action ({string.Join(", ", Enum.GetNames<OrderAction>())}): {e.Message}", e);
        }
    }
}

/// <summary>The provider took the buyer's money.</summary>
public sealed record ConfirmPayment(string PaymentId, Money Amount) : OrderCommand
{
    [JsonIgnore]
    public override OrderAction Action => OrderAction.ConfirmPayment;
}

/// <summary>The payment window ended (a scheduled timer).</summary>
public sealed record ExpirePayment : OrderCommand
{
    [JsonIgnore]
    public override OrderAction Action => OrderAction.ExpirePayment;
}

public sealed record CancelOrder(string? Reason = null) : OrderCommand
{
    [JsonIgnore]
    public override OrderAction Action => OrderAction.Cancel;
}

public sealed record StartFulfilment : OrderCommand
{
    [JsonIgnore]
    public override OrderAction Action => OrderAction.StartFulfilment;
}

public sealed record ShipOrder(string? Carrier, string? TrackingNumber) : OrderCommand
{
    [JsonIgnore]
    public override OrderAction Action => OrderAction.Ship;
}

public sealed record DeliverOrder : OrderCommand
{
    [JsonIgnore]
    public override OrderAction Action => OrderAction.Deliver;
}

/// <summary>The buyer confirms receipt, or the return window ran out (a scheduled timer).</summary>
public sealed record CompleteOrder : OrderCommand
{
    [JsonIgnore]
    public override OrderAction Action => OrderAction.Complete;
}

/// <summary>A no-reason refund of some units (all when <see cref="RefundLines"/> is empty), returned or not.</summary>
public sealed record RequestRefund(string? Reason = null, IReadOnlyList<StockRequest>? RefundLines = null, bool? ReturnGoods = null) : OrderCommand
{
    [JsonIgnore]
    public override OrderAction Action => OrderAction.RequestRefund;
}

public sealed record ApproveRefund : OrderCommand
{
    [JsonIgnore]
    public override OrderAction Action => OrderAction.ApproveRefund;
}

public sealed record RejectRefund(string? Reason = null) : OrderCommand
{
    [JsonIgnore]
    public override OrderAction Action => OrderAction.RejectRefund;
}

/// <summary>The messages of the order workflow: commands on the orders queue (session id = order id) and events on the events topic.</summary>
public static class OrderMessages
{
    /// <summary>A command for the workflow; its id is the message id (de-duplicated by the broker and the workflow).</summary>
    public static OutgoingMessage Command(OrderCommand command, DateTimeOffset now, DateTimeOffset? scheduledFor = null) =>
        OutgoingMessage.Create(Destinations.Orders, OrderCommand.MessageType, command, sessionId: command.OrderId,
            correlationId: command.OrderId, scheduledFor: scheduledFor, id: command.Id, createdAt: now);

    /// <summary>The <c>order.status_changed</c> event of the order's latest transition (id: order id and transition number).</summary>
    public static OutgoingMessage StatusChanged(Order order, OrderTransition transition) =>
        OutgoingMessage.Create(Destinations.Events, OrderStatusChanged.MessageType, new OrderStatusChanged(
                order.Id, order.ShopId, order.BrandId, order.BuyerId, transition.From, transition.To, transition.At, order.Total,
                order.Lines.Select(l => new AttributedLine(l.ProductId, l.SkuId, l.Quantity, l.LineTotal, l.SourceNoteId)).ToList(),
                transition.To == OrderStatus.Refunded ? RefundedLines(order) : null, transition.Actor.Kind),
            sessionId: order.Id, correlationId: order.Id, id: $"{order.Id}-{order.History.Count}", createdAt: transition.At);

    // The units a refund gave back, at the price paid: a partial refund takes back only these from the notes that sold them.
    private static List<AttributedLine>? RefundedLines(Order order) => order.Refund is not { } refund
        ? null
        : refund.Lines
            .Select(r => (Refund: r, Line: order.Lines.FirstOrDefault(l => l.SkuId == r.SkuId)))
            .Where(p => p.Line is not null)
            .Select(p => new AttributedLine(p.Line!.ProductId, p.Line.SkuId, p.Refund.Quantity, p.Line.UnitPrice.Times(p.Refund.Quantity), p.Line.SourceNoteId))
            .ToList();
}

/// <summary>Body of the <c>order.status_changed</c> event: for analytics and attribution (which notes sell), and the
/// buyer's and shop's notifications (<see cref="By"/>: who moved it, so nobody is told what they did themselves).</summary>
public sealed record OrderStatusChanged(
    string OrderId,
    string ShopId,
    string BrandId,
    string BuyerId,
    OrderStatus? From,
    OrderStatus To,
    DateTimeOffset At,
    Money Total,
    IReadOnlyList<AttributedLine> Lines,
    IReadOnlyList<AttributedLine>? RefundedLines = null,
    ActorKind? By = null)
{
    public const string MessageType = "order.status_changed";
}

/// <summary>An order line reduced to what attribution needs.</summary>
public sealed record AttributedLine(string ProductId, string SkuId, int Quantity, Money LineTotal, string? SourceNoteId);
