using System.Text.Json;
using Platform.Core.Common;

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

/// <summary>A message the order workflow sends: a command for an order (possibly scheduled) or an event about one.</summary>
public sealed record OrderMessage(string Id, string Destination, string Type, string Body, string SessionId, DateTimeOffset? ScheduledFor)
{
    /// <summary>Queue of order workflow commands (session id = order id).</summary>
    public const string OrdersQueue = "orders";

    /// <summary>Topic of domain events.</summary>
    public const string EventsTopic = "events";

    public static OrderMessage For(OrderCommand command, DateTimeOffset? scheduledFor = null) =>
        new(command.Id, OrdersQueue, OrderCommand.MessageType, JsonSerializer.Serialize(command, PlatformJson.Options), command.OrderId, scheduledFor);

    public static OrderMessage Event<T>(string id, string type, string orderId, T body) =>
        new(id, EventsTopic, type, JsonSerializer.Serialize(body, PlatformJson.Options), orderId, null);
}

/// <summary>Sends the order workflow's messages (the messaging port in Azure and embedded). Sending is at-least-once; the
/// workflow de-duplicates by message id.</summary>
public interface IOrderMessaging
{
    Task SendAsync(IReadOnlyList<OrderMessage> messages, CancellationToken cancellationToken);
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
