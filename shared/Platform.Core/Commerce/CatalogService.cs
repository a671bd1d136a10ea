using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Media;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>Brands, shops and products: what brand members manage, and what readers see on a note's product cards.</summary>
public sealed class CatalogService(
    IDocumentStore store,
    StockLedger stock,
    NoteService notes,
    IOptions<CommerceOptions> options,
    TimeProvider clock)
{
    private const int MaxNameLength = 100;
    private const int MaxDescriptionLength = 2000;
    private const int MaxAttributes = 10;
    private const int MaxAttributeLength = 50;
    private const int MaxMedia = 18;
    private readonly CommerceOptions _options = options.Value;

    /// <summary>Creates or updates the profile of a brand the caller is a member of.</summary>
    public async Task<Brand> PutBrandAsync(Caller caller, string brandId, PutBrandRequest request, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        var v = new Validation();
        CheckName(v, "name", request.Name, "brand");
        CheckDescription(v, request.Description);
        v.ThrowIfInvalid();

        // Two members saving at once: the last write wins, as a PUT should.
        var update = await store.UpdateAsync<Brand>(Collections.Brands, brandId, brandId, existing =>
        {
            var now = clock.GetUtcNow();
            return new Brand
            {
                Id = brandId,
                Name = request.Name!.Trim(),
                Description = request.Description?.Trim() ?? existing?.Description ?? "",
                CreatedAt = existing?.CreatedAt ?? now,
                UpdatedAt = now,
            };
        }, maxAttempts: 4, cancellationToken);
        return update.Written!.Value;
    }

    public async Task<Brand> GetBrandAsync(string brandId, CancellationToken cancellationToken) =>
        (Ids.IsWellFormed(brandId) ? await store.FindAsync<Brand>(Collections.Brands, brandId, brandId, cancellationToken) : null)?.Value
        ?? throw PlatformException.NotFound("brand.not_found", $"Brand '{brandId}' does not exist.");

    public async Task<Shop> CreateShopAsync(Caller caller, string brandId, CreateShopRequest request, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        await GetBrandAsync(brandId, cancellationToken);
        var v = new Validation();
        CheckName(v, "name", request.Name, "shop");
        CheckDescription(v, request.Description);
        v.Require(Money.IsCurrencyCode(request.Currency), "currency", "shop.invalid_currency", "currency must be an ISO 4217 code such as CNY.");
        v.Require(request.ShippingFeeMinor is null || (request.ShippingFeeMinor >= 0 && request.ShippingFeeMinor <= _options.MaxAmountMinor),
            "shippingFeeMinor", "shop.invalid_shipping_fee", $"The shipping fee must be 0-{_options.MaxAmountMinor} in minor units.");
        v.ThrowIfInvalid();

        var now = clock.GetUtcNow();
        var shop = new Shop
        {
            Id = Ids.New(),
            BrandId = brandId,
            Name = request.Name!.Trim(),
            Description = request.Description?.Trim() ?? "",
            Currency = request.Currency!,
            ShippingFeeMinor = request.ShippingFeeMinor ?? 0,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.CreateAsync(Collections.Shops, shop.Id, shop.Id, shop, cancellationToken);
        return shop;
    }

    public async Task<Shop> GetShopAsync(string shopId, CancellationToken cancellationToken) =>
        (Ids.IsWellFormed(shopId) ? await store.FindAsync<Shop>(Collections.Shops, shopId, shopId, cancellationToken) : null)?.Value
        ?? throw PlatformException.NotFound("shop.not_found", $"Shop '{shopId}' does not exist.");

    /// <summary>The shops of a brand, oldest first (a brand has few).</summary>
    public async Task<IReadOnlyList<ShopResponse>> ListShopsAsync(string brandId, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(brandId))
        {
            return [];
        }

        var page = await store.QueryAsync<Shop>(Collections.Shops,
            new DocumentQuery { Where = [new("brandId", brandId)], OrderBy = "createdAt", Limit = 100 }, cancellationToken);
        return page.Items.Select(s => ShopResponse.From(s.Value)).ToList();
    }

    public async Task<ProductView> CreateProductAsync(Caller caller, string shopId, CreateProductRequest request, CancellationToken cancellationToken)
    {
        var shop = await GetShopAsync(shopId, cancellationToken);
        RequireMember(caller, shop.BrandId);

        var v = new Validation();
        CheckName(v, "title", request.Title, "product");
        CheckDescription(v, request.Description);
        var skus = request.Skus ?? [];
        v.Require(skus.Count is > 0, "skus", "product.skus_required", "A product needs at least one SKU.");
        v.Require(skus.Count <= _options.MaxSkusPerProduct, "skus", "product.too_many_skus",
            $"A product may have at most {_options.MaxSkusPerProduct} SKUs.");
        v.Require((request.MediaIds ?? []).All(Ids.IsWellFormed), "mediaIds", "product.invalid_reference", "Every media id must be well formed.");
        v.Require((request.MediaIds ?? []).Count <= MaxMedia, "mediaIds", "product.too_many_media", $"A product may show at most {MaxMedia} images.");
        for (var i = 0; i < skus.Count; i++)
        {
            var field = $"skus[{i}]";
            var attributes = skus[i].Attributes ?? new Dictionary<string, string>();
            CheckPrice(v, $"{field}.priceMinor", skus[i].PriceMinor, required: true);
            v.Require(skus[i].Stock is null or >= 0, $"{field}.stock", "product.invalid_stock", "Stock cannot be negative.");
            v.Require(attributes.Count <= MaxAttributes, $"{field}.attributes", "product.too_many_attributes",
                $"A SKU may have at most {MaxAttributes} attributes.");
            v.Require(attributes.All(a => a.Key.Trim().Length is > 0 and <= MaxAttributeLength && Text.FitsWithin(a.Value, MaxAttributeLength)),
                $"{field}.attributes", "product.invalid_attribute", $"Attribute names and values have 1-{MaxAttributeLength} characters.");
        }

        var variants = skus.Select(s => Variant(s.Attributes)).ToList();
        v.Require(variants.Distinct(StringComparer.Ordinal).Count() == variants.Count, "skus", "product.duplicate_sku",
            "Two SKUs have the same attributes.");
        v.ThrowIfInvalid();
        // The same rules as a note's media: the caller's own uploads, accepted by processing.
        await MediaAttachments.CheckAsync(store, caller.UserId, request.MediaIds ?? [], cancellationToken);

        var now = clock.GetUtcNow();
        var product = new Product
        {
            Id = Ids.New(),
            ShopId = shop.Id,
            BrandId = shop.BrandId,
            Title = request.Title!.Trim(),
            Description = request.Description?.Trim() ?? "",
            MediaIds = request.MediaIds ?? [],
            Skus = skus.Select(s => new Sku(Ids.New(), Normalize(s.Attributes), new Money(s.PriceMinor!.Value, shop.Currency))).ToList(),
            CreatedAt = now,
            UpdatedAt = now,
        };

        // Stock first: a product is never visible with a SKU that has no stock record.
        for (var i = 0; i < skus.Count; i++)
        {
            await stock.CreateAsync(new SkuStock
            {
                SkuId = product.Skus[i].Id,
                ProductId = product.Id,
                ShopId = shop.Id,
                Available = skus[i].Stock ?? 0,
            }, cancellationToken);
        }

        var etag = await store.CreateAsync(Collections.Products, product.Id, product.Id, product, cancellationToken);
        return await ViewAsync(new StoredDocument<Product>(product, etag), cancellationToken);
    }

    /// <summary>A product with live prices and availability; delisted products only for their brand's members.</summary>
    public async Task<ProductView> GetProductViewAsync(string productId, Caller? caller, CancellationToken cancellationToken)
    {
        var product = await FindProductAsync(productId, cancellationToken);
        if (product is null || (product.Value.Status != ProductStatus.Active && caller?.IsMemberOfBrand(product.Value.BrandId) != true))
        {
            throw ProductNotFound(productId);
        }

        return await ViewAsync(product, cancellationToken);
    }

    public async Task<StoredDocument<Product>?> FindProductAsync(string productId, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(productId) ? await store.FindAsync<Product>(Collections.Products, productId, productId, cancellationToken) : null;

    public async Task<ProductView> UpdateProductAsync(
        Caller caller, string productId, string? ifMatch, UpdateProductRequest request, CancellationToken cancellationToken)
    {
        var current = await GetOwnProductAsync(caller, productId, ifMatch, cancellationToken);
        var v = new Validation();
        if (request.Title is not null)
        {
            CheckName(v, "title", request.Title, "product");
        }

        CheckDescription(v, request.Description);
        v.ThrowIfInvalid();

        var updated = current.Value with
        {
            Title = request.Title?.Trim() ?? current.Value.Title,
            Description = request.Description?.Trim() ?? current.Value.Description,
            Status = request.Status ?? current.Value.Status,
            UpdatedAt = clock.GetUtcNow(),
        };
        return await ViewAsync(await ReplaceProductAsync(updated, ifMatch ?? current.ETag, cancellationToken), cancellationToken);
    }

    /// <summary>Changes a SKU's price (orders already placed keep the price they captured) and/or adjusts its stock.</summary>
    public async Task<ProductView> UpdateSkuAsync(
        Caller caller, string productId, string skuId, string? ifMatch, UpdateSkuRequest request, CancellationToken cancellationToken)
    {
        var current = await GetOwnProductAsync(caller, productId, ifMatch, cancellationToken);
        var sku = current.Value.FindSku(skuId) ?? throw PlatformException.NotFound("product.sku_not_found", $"SKU '{skuId}' is not part of this product.");
        var v = new Validation();
        CheckPrice(v, "priceMinor", request.PriceMinor, required: false);
        v.Require(request.PriceMinor is not null || request.StockAdjustment is not null, "$", "product.nothing_to_change",
            "Send priceMinor and/or stockAdjustment.");
        v.ThrowIfInvalid();

        var stored = current;
        if (request.PriceMinor is { } price && price != sku.Price.AmountMinor)
        {
            var updated = current.Value with
            {
                Skus = current.Value.Skus.Select(s => s.Id == skuId ? s with { Price = s.Price with { AmountMinor = price } } : s).ToList(),
                UpdatedAt = clock.GetUtcNow(),
            };
            stored = await ReplaceProductAsync(updated, ifMatch ?? current.ETag, cancellationToken);
        }

        if (request.StockAdjustment is { } delta and not 0)
        {
            await stock.AdjustAsync(skuId, delta, cancellationToken);
        }

        return await ViewAsync(stored, cancellationToken);
    }

    /// <summary>A shop's products on sale, newest first.</summary>
    public async Task<ProductPage> ListProductsAsync(string shopId, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        await GetShopAsync(shopId, cancellationToken);
        try
        {
            var page = await store.QueryAsync<Product>(Collections.Products, new DocumentQuery
            {
                Where = [new("shopId", shopId), new("status", nameof(ProductStatus.Active))],
                OrderBy = "createdAt",
                Descending = true,
                Limit = Math.Clamp(pageSize ?? 20, 1, _options.MaxPageSize),
                Continuation = continuation,
            }, cancellationToken);
            var items = new List<ProductView>();
            foreach (var product in page.Items)
            {
                items.Add(await ViewAsync(product, cancellationToken));
            }

            return new ProductPage(items, page.Continuation);
        }
        catch (InvalidContinuationException)
        {
            throw PlatformException.Invalid("continuation", "request.invalid_continuation", "The continuation token is not valid.");
        }
    }

    /// <summary>The note's tagged products that are on sale, in the note's order, with live price and availability.</summary>
    public async Task<NoteProducts> GetNoteProductsAsync(string noteId, Caller? caller, CancellationToken cancellationToken)
    {
        var note = await notes.GetAsync(noteId, caller, cancellationToken);
        var found = await Task.WhenAll(note.Value.ProductIds.Select(id => FindProductAsync(id, cancellationToken)));
        var views = new List<ProductView>();
        foreach (var product in found)
        {
            if (product is { Value.Status: ProductStatus.Active })
            {
                views.Add(await ViewAsync(product, cancellationToken));
            }
        }

        return new NoteProducts(note.Value.Id, views);
    }

    public async Task<ProductView> ViewAsync(StoredDocument<Product> product, CancellationToken cancellationToken)
    {
        var levels = await Task.WhenAll(product.Value.Skus.Select(s => stock.FindLevelAsync(s.Id, cancellationToken)));
        var skus = product.Value.Skus.Select((s, i) =>
        {
            var available = levels[i]?.Available ?? 0;
            return new SkuView(s.Id, s.Attributes, s.Price, available, available > 0 && product.Value.Status == ProductStatus.Active);
        }).ToList();
        var p = product.Value;
        return new ProductView(p.Id, p.ShopId, p.BrandId, p.Title, p.Description, p.MediaIds, p.Status, skus, skus.Any(s => s.InStock), product.ETag);
    }

    public static void RequireMember(Caller caller, string brandId)
    {
        if (!caller.IsMemberOfBrand(brandId))
        {
            throw PlatformException.Forbidden("brand.not_member", "Only members of this brand may do this.");
        }
    }

    private async Task<StoredDocument<Product>> GetOwnProductAsync(Caller caller, string productId, string? ifMatch, CancellationToken cancellationToken)
    {
        var current = await FindProductAsync(productId, cancellationToken) ?? throw ProductNotFound(productId);
        RequireMember(caller, current.Value.BrandId);
        if (ifMatch is not null && ifMatch != "*" && ifMatch != current.ETag)
        {
            throw StaleProduct();
        }

        return current;
    }

    private async Task<StoredDocument<Product>> ReplaceProductAsync(Product product, string etag, CancellationToken cancellationToken)
    {
        try
        {
            var written = await store.ReplaceAsync(Collections.Products, product.Id, product.Id, product, etag, cancellationToken);
            return new StoredDocument<Product>(product, written);
        }
        catch (Exception e) when (e is DocumentPreconditionFailedException or DocumentMissingException)
        {
            throw StaleProduct();
        }
    }

    private void CheckPrice(Validation v, string field, long? price, bool required) =>
        v.Require(price is null ? !required : price > 0 && price <= _options.MaxAmountMinor, field, "product.invalid_price",
            $"A price must be 1-{_options.MaxAmountMinor} in minor units.");

    private static void CheckName(Validation v, string field, string? value, string entity)
    {
        v.Require(!string.IsNullOrWhiteSpace(value), field, $"{entity}.{field}_required", $"A {entity} needs a {field}.");
        v.Require(value is null || Text.FitsWithin(value.Trim(), MaxNameLength), field, $"{entity}.{field}_too_long",
            $"The {field} may have at most {MaxNameLength} characters.");
    }

    private static void CheckDescription(Validation v, string? value) =>
        v.Require(value is null || Text.FitsWithin(value, MaxDescriptionLength), "description", "catalog.description_too_long",
            $"A description may have at most {MaxDescriptionLength} characters.");

    private static Dictionary<string, string> Normalize(IReadOnlyDictionary<string, string>? attributes) =>
        (attributes ?? new Dictionary<string, string>()).ToDictionary(a => a.Key.Trim(), a => a.Value.Trim(), StringComparer.Ordinal);

    private static string Variant(IReadOnlyDictionary<string, string>? attributes) =>
        string.Join('\n', Normalize(attributes).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));

    private static PlatformException ProductNotFound(string productId) =>
        PlatformException.NotFound("product.not_found", $"Product '{productId}' does not exist.");

    private static PlatformException StaleProduct() =>
        new(ErrorKind.PreconditionFailed, "product.etag_mismatch", "The product was changed since you read it; read it again and retry.");
}
