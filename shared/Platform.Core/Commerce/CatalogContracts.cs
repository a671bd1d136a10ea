namespace Platform.Core.Commerce;

/// <summary>Body of <c>PUT /api/brands/{brandId}</c>.</summary>
public sealed record PutBrandRequest(string? Name, string? Description = null);

/// <summary>Body of <c>POST /api/brands/{brandId}/shops</c>; prices in the shop are in <see cref="Currency"/> (ISO 4217).</summary>
public sealed record CreateShopRequest(string? Name, string? Currency, string? Description = null, long? ShippingFeeMinor = null);

/// <summary>Body of <c>POST /api/shops/{shopId}/products</c>.</summary>
public sealed record CreateProductRequest(
    string? Title,
    IReadOnlyList<CreateSkuRequest>? Skus,
    string? Description = null,
    IReadOnlyList<string>? MediaIds = null);

/// <summary>One variant: attributes such as {"colour":"red","size":"M"}, a price in the shop's minor unit, initial stock.</summary>
public sealed record CreateSkuRequest(IReadOnlyDictionary<string, string>? Attributes, long? PriceMinor, int? Stock);

/// <summary>Body of <c>PATCH /api/products/{productId}</c>: a property left out keeps its value.</summary>
public sealed record UpdateProductRequest(string? Title = null, string? Description = null, ProductStatus? Status = null);

/// <summary>Body of <c>PATCH /api/products/{productId}/skus/{skuId}</c>: a new price, and/or units to add (negative: remove).</summary>
public sealed record UpdateSkuRequest(long? PriceMinor = null, int? StockAdjustment = null);

/// <summary>A shop as the API shows it.</summary>
public sealed record ShopResponse(string Id, string BrandId, string Name, string Description, string Currency, Money ShippingFee, DateTimeOffset CreatedAt)
{
    public static ShopResponse From(Shop shop) =>
        new(shop.Id, shop.BrandId, shop.Name, shop.Description, shop.Currency, new Money(shop.ShippingFeeMinor, shop.Currency), shop.CreatedAt);
}

/// <summary>A product with each SKU's live price and availability, and the product's ETag for edits.</summary>
public sealed record ProductView(
    string Id,
    string ShopId,
    string BrandId,
    string Title,
    string Description,
    IReadOnlyList<string> MediaIds,
    ProductStatus Status,
    IReadOnlyList<SkuView> Skus,
    bool Available,
    string ETag);

/// <summary>A SKU with its current price and how many units a checkout can take now.</summary>
public sealed record SkuView(string Id, IReadOnlyDictionary<string, string> Attributes, Money Price, int Available, bool InStock);

/// <summary>A page of a shop's products.</summary>
public sealed record ProductPage(IReadOnlyList<ProductView> Items, string? Continuation);

/// <summary>The products a note tags that are on sale, with live price and availability.</summary>
public sealed record NoteProducts(string NoteId, IReadOnlyList<ProductView> Items);
