namespace Platform.Core.Commerce;

/// <summary>
/// Body of <c>POST /api/checkout</c> (with an <c>Idempotency-Key</c> header). Buys <see cref="Items"/> when given ("buy now"
/// from a note); otherwise the cart's lines of <see cref="ShopId"/> (which may be left out when the cart holds one shop).
/// </summary>
public sealed record CheckoutRequest(ShippingAddress? ShippingAddress, string? ShopId = null, IReadOnlyList<CheckoutItem>? Items = null);

public sealed record CheckoutItem(string? SkuId, int? Quantity, string? SourceNoteId = null);

/// <summary>The order, and whether it was created by this request or an earlier one with the same key.</summary>
public sealed record CheckoutResult(Order Order, bool Replayed);

/// <summary>Body of <c>POST /api/orders/{orderId}/ship</c>.</summary>
public sealed record ShipRequest(string? Carrier, string? TrackingNumber);

/// <summary>Body of <c>POST /api/orders/{orderId}/refund-request</c>: which units (all when left out), why, and whether
/// the goods are sent back (then they are restocked when the refund is approved).</summary>
public sealed record RefundRequestBody(string? Reason, IReadOnlyList<StockRequest>? Lines = null, bool? ReturnGoods = null);

/// <summary>Body of the optional reason for cancel and refund rejection.</summary>
public sealed record ReasonBody(string? Reason = null);

/// <summary>An order as its buyer or the shop's members see it, with the actions the caller may take now.</summary>
public sealed record OrderResponse(
    string Id,
    string BuyerId,
    string ShopId,
    string BrandId,
    OrderStatus Status,
    IReadOnlyList<OrderLine> Lines,
    Money Subtotal,
    Money ShippingFee,
    Money Total,
    ShippingAddress ShippingAddress,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset PaymentDueAt,
    PaymentRecord? Payment,
    Shipment? Shipment,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? ReturnWindowEndsAt,
    RefundRecord? Refund,
    IReadOnlyList<OrderTransition> History,
    IReadOnlyList<RefusedCommand> Refusals,
    IReadOnlyList<OrderAction> Actions)
{
    public static OrderResponse From(Order o, IReadOnlyList<OrderAction> actions) => new(
        o.Id, o.BuyerId, o.ShopId, o.BrandId, o.Status, o.Lines, o.Subtotal, o.ShippingFee, o.Total, o.ShippingAddress, o.CreatedAt,
        o.UpdatedAt, o.PaymentDueAt, o.Payment, o.Shipment, o.DeliveredAt, o.ReturnWindowEndsAt, o.Refund, o.History, o.Refusals, actions);
}

/// <summary>A page of orders, newest first.</summary>
public sealed record OrderPage(IReadOnlyList<OrderResponse> Items, string? Continuation);

/// <summary>An accepted order action: the command id and the order as it was when the command was queued.</summary>
public sealed record OrderActionAccepted(string CommandId, OrderAction Action, OrderResponse Order);
