namespace Platform.Core.Commerce;

/// <summary>A user's cart: one document per user. Prices are not stored; they are read live, and captured only at checkout.</summary>
public sealed record Cart
{
    public required string UserId { get; init; }

    public IReadOnlyList<CartLine> Lines { get; init; } = [];

    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A SKU in the cart; <see cref="SourceNoteId"/> is the note it was added from, carried into the order for attribution.</summary>
public sealed record CartLine(string SkuId, string ProductId, string ShopId, int Quantity, string? SourceNoteId, DateTimeOffset AddedAt);

/// <summary>Body of <c>PUT /api/cart/items/{skuId}</c>: the quantity wanted (0 removes the line) and the note it came from.</summary>
public sealed record SetCartItemRequest(int? Quantity, string? SourceNoteId = null);

/// <summary>The cart with live prices and availability, and a subtotal per shop (each shop's lines check out as one order).</summary>
public sealed record CartView(IReadOnlyList<CartLineView> Lines, IReadOnlyList<ShopSubtotal> Shops);

public sealed record CartLineView(
    string SkuId,
    string ProductId,
    string ShopId,
    string Title,
    IReadOnlyDictionary<string, string> Attributes,
    int Quantity,
    Money UnitPrice,
    Money LineTotal,
    int Available,
    bool Purchasable,
    string? SourceNoteId);

public sealed record ShopSubtotal(string ShopId, Money Subtotal, int Items);
