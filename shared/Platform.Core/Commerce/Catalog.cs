using System.Text.Json.Serialization;

namespace Platform.Core.Commerce;

/// <summary>
/// An organisation that sells on the platform. Its members are the users whose access token has the "brand" role and
/// this brand's id in its <c>brands</c> claim (the identity provider owns membership; the platform owns the profile).
/// </summary>
public sealed record Brand
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A brand's storefront: it lists products, prices them in one currency and receives their orders.</summary>
public sealed record Shop
{
    public required string Id { get; init; }

    public required string BrandId { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>Every price in the shop is in this currency, so an order never mixes currencies.</summary>
    public required string Currency { get; init; }

    /// <summary>Flat shipping fee per order, in minor units of <see cref="Currency"/>.</summary>
    public long ShippingFeeMinor { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A product of a shop and its sellable variants (SKUs). Stock lives apart, in one or more shard records per SKU (<see cref="SkuStock"/>).</summary>
public sealed record Product
{
    public required string Id { get; init; }

    public required string ShopId { get; init; }

    public required string BrandId { get; init; }

    public required string Title { get; init; }

    public string Description { get; init; } = "";

    public IReadOnlyList<string> MediaIds { get; init; } = [];

    public required IReadOnlyList<Sku> Skus { get; init; }

    public ProductStatus Status { get; init; } = ProductStatus.Active;

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public Sku? FindSku(string skuId) => Skus.FirstOrDefault(s => s.Id == skuId);
}

/// <summary>One variant: its attributes (e.g. colour, size) and its current price.</summary>
public sealed record Sku(string Id, IReadOnlyDictionary<string, string> Attributes, Money Price);

[JsonConverter(typeof(JsonStringEnumConverter<ProductStatus>))]
public enum ProductStatus
{
    Active,

    /// <summary>No longer sold: hidden from notes' product cards and refused at checkout; existing orders are unaffected.</summary>
    Delisted,
}
