using System.Text.Json.Serialization;
using Platform.Core.Messaging;

namespace Platform.Core.Commerce;

/// <summary>
/// An order: what one buyer bought from one shop at checkout, at the prices captured then, and everything that has happened
/// to it since (<see cref="History"/>). Only the order workflow changes it, one command at a time (see <see cref="OrderWorkflow"/>).
/// </summary>
public sealed partial record Order : IOutboxDocument<Order>
{
    public required string Id { get; init; }

    public required string BuyerId { get; init; }

    public required string ShopId { get; init; }

    public required string BrandId { get; init; }

    public required OrderStatus Status { get; init; }

    public required IReadOnlyList<OrderLine> Lines { get; init; }

    public required Money Subtotal { get; init; }

    public required Money ShippingFee { get; init; }

    public required Money Total { get; init; }

    public required ShippingAddress ShippingAddress { get; init; }

    /// <summary>The buyer's <c>Idempotency-Key</c>; the order id is derived from it, so a retried checkout finds this order.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>A hash of the checkout request, so reusing a key for a different request is refused rather than answered wrongly.</summary>
    public required string RequestFingerprint { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Unpaid by then, the order is cancelled and its stock released (a scheduled message).</summary>
    public required DateTimeOffset PaymentDueAt { get; init; }

    public PaymentRecord? Payment { get; init; }

    public Shipment? Shipment { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>Until then the buyer may ask for a no-reason refund; then the order completes by itself.</summary>
    public DateTimeOffset? ReturnWindowEndsAt { get; init; }

    public RefundRecord? Refund { get; init; }

    /// <summary>Every transition, oldest first: from, to, when, why, and who.</summary>
    public required IReadOnlyList<OrderTransition> History { get; init; }

    /// <summary>Commands that arrived but did not apply (e.g. a payment timeout after payment), with the reason code.</summary>
    public IReadOnlyList<RefusedCommand> Refusals { get; init; } = [];

    /// <summary>Workflow commands already applied (their ids), so a redelivered command is not applied twice.</summary>
    public IReadOnlyList<string> ProcessedCommandIds { get; init; } = [];

    /// <summary>Messages this order's last write raised that are not yet known to be sent (a transactional outbox in the
    /// document: the write and its messages cannot diverge). Cleared once sent.</summary>
    public IReadOnlyList<OutgoingMessage> PendingEvents { get; init; } = [];

    /// <inheritdoc/>
    public Order WithoutPendingEvents() => this with { PendingEvents = [] };

    public IEnumerable<StockRequest> StockLines => Lines.Select(l => new StockRequest(l.SkuId, l.Quantity));
}

/// <summary>One SKU bought: the unit price captured at checkout, and the note the buyer came from (attribution).</summary>
public sealed record OrderLine(
    string ProductId,
    string SkuId,
    string Title,
    IReadOnlyDictionary<string, string> Attributes,
    int Quantity,
    Money UnitPrice,
    Money LineTotal,
    string? SourceNoteId);

public sealed record ShippingAddress(
    string? RecipientName,
    string? Phone,
    string? Line1,
    string? Line2,
    string? City,
    string? Region,
    string? PostalCode,
    string? Country);

public sealed record PaymentRecord(string PaymentId, Money Amount, DateTimeOffset PaidAt);

public sealed record Shipment(string Carrier, string TrackingNumber, DateTimeOffset ShippedAt);

/// <summary>A refund asked for: which units go back (restocked when <see cref="ReturnGoods"/>), why, and how it ended.</summary>
public sealed record RefundRecord(
    string Reason,
    IReadOnlyList<StockRequest> Lines,
    bool ReturnGoods,
    Money Amount,
    DateTimeOffset RequestedAt,
    DateTimeOffset? RefundedAt = null,
    string? ProviderRefundId = null,
    string? RejectedReason = null);

/// <summary>A recorded transition. <see cref="From"/> is null for the order's creation.</summary>
public sealed record OrderTransition(OrderStatus? From, OrderStatus To, OrderAction? Action, DateTimeOffset At, string Cause, Actor Actor);

public sealed record RefusedCommand(string CommandId, OrderAction Action, DateTimeOffset At, string Code, Actor Actor);

/// <summary>Who did something to an order: the buyer, a brand member, the payment provider, or the platform itself (timers).</summary>
public sealed record Actor(ActorKind Kind, string? Id)
{
    public static Actor System { get; } = new(ActorKind.System, null);

    public static Actor PaymentProvider { get; } = new(ActorKind.PaymentProvider, null);

    public static Actor Buyer(string userId) => new(ActorKind.Buyer, userId);

    public static Actor BrandMember(string userId) => new(ActorKind.Brand, userId);
}

[JsonConverter(typeof(JsonStringEnumConverter<ActorKind>))]
public enum ActorKind
{
    Buyer,
    Brand,
    PaymentProvider,
    System,
}

[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    PendingPayment,
    Paid,
    Fulfilling,
    Shipped,
    Delivered,
    Completed,
    Cancelled,
    RefundRequested,
    Refunded,
}

/// <summary>What can be done to an order; <see cref="OrderStateMachine"/> says from which states and by whom.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderAction>))]
public enum OrderAction
{
    ConfirmPayment,
    ExpirePayment,
    Cancel,
    StartFulfilment,
    Ship,
    Deliver,
    Complete,
    RequestRefund,
    ApproveRefund,
    RejectRefund,
}
