using Platform.Core.Messaging;

namespace Platform.Core.Commerce;

/// <summary>
/// A request to move one order along, as it travels to the workflow (the body of an <c>order.command</c> message on the
/// orders queue, session id = order id). <see cref="Id"/> is the message id: a redelivered command is applied once.
/// </summary>
public sealed record OrderCommand
{
    public const string MessageType = "order.command";

    public required string Id { get; init; }

    public required string OrderId { get; init; }

    public required OrderAction Action { get; init; }

    public required Actor Actor { get; init; }

    /// <summary>Why, in words an operator can read in the order's history (e.g. <c>payment_timeout</c>, a payment event id).</summary>
    public required string Cause { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    // What some actions carry.
    public string? PaymentId { get; init; }

    public Money? Amount { get; init; }

    public string? Carrier { get; init; }

    public string? TrackingNumber { get; init; }

    public string? Reason { get; init; }

    public IReadOnlyList<StockRequest>? RefundLines { get; init; }

    public bool? ReturnGoods { get; init; }
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
                order.Lines.Select(l => new AttributedLine(l.ProductId, l.SkuId, l.Quantity, l.LineTotal, l.SourceNoteId)).ToList()),
            sessionId: order.Id, correlationId: order.Id, id: $"{order.Id}-{order.History.Count}", createdAt: transition.At);
}

/// <summary>Body of the <c>order.status_changed</c> event: for analytics and attribution (which notes sell).</summary>
public sealed record OrderStatusChanged(
    string OrderId,
    string ShopId,
    string BrandId,
    string BuyerId,
    OrderStatus? From,
    OrderStatus To,
    DateTimeOffset At,
    Money Total,
    IReadOnlyList<AttributedLine> Lines)
{
    public const string MessageType = "order.status_changed";
}

/// <summary>An order line reduced to what attribution needs.</summary>
public sealed record AttributedLine(string ProductId, string SkuId, int Quantity, Money LineTotal, string? SourceNoteId);
