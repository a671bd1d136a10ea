using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>Each user's cart. Concurrent edits (two tabs) are merged by retrying on the cart's ETag.</summary>
public sealed class CartService(
    IDocumentStore store,
    CatalogService catalog,
    StockLedger stock,
    NoteService notes,
    IOptions<CommerceOptions> options,
    TimeProvider clock)
{
    private readonly CommerceOptions _options = options.Value;

    public async Task<CartView> GetAsync(Caller caller, CancellationToken cancellationToken)
    {
        var cart = await store.FindAsync<Cart>(Collections.Carts, caller.UserId, caller.UserId, cancellationToken);
        return await ViewAsync(cart?.Value.Lines ?? [], cancellationToken);
    }

    /// <summary>Sets the quantity of a SKU in the cart (0 removes it), remembering the note it was added from.</summary>
    public async Task<CartView> SetItemAsync(Caller caller, string skuId, SetCartItemRequest request, CancellationToken cancellationToken)
    {
        var quantity = request.Quantity ?? throw PlatformException.Invalid("quantity", "cart.quantity_required", "Send the quantity wanted.");
        if (quantity < 0 || quantity > _options.MaxQuantityPerLine)
        {
            throw PlatformException.Invalid("quantity", "cart.invalid_quantity", $"The quantity must be 0-{_options.MaxQuantityPerLine}.");
        }

        if (quantity == 0)
        {
            return await RemoveAsync(caller, skuId, cancellationToken);
        }

        var (product, _) = await FindSkuAsync(skuId, cancellationToken);
        if (product.Status != ProductStatus.Active)
        {
            throw PlatformException.Conflict("cart.product_unavailable", "This product is no longer on sale.");
        }

        if (request.SourceNoteId is { } noteId)
        {
            await CheckSourceNoteAsync(caller, noteId, product.Id, cancellationToken);
        }

        var lines = await ChangeAsync(caller.UserId, lines =>
        {
            var existing = lines.FirstOrDefault(l => l.SkuId == skuId);
            if (existing is null && lines.Count >= _options.MaxCartLines)
            {
                throw PlatformException.Conflict("cart.full", $"A cart holds at most {_options.MaxCartLines} items.");
            }

            var line = new CartLine(skuId, product.Id, product.ShopId, quantity, request.SourceNoteId ?? existing?.SourceNoteId,
                existing?.AddedAt ?? clock.GetUtcNow());
            return existing is null ? [.. lines, line] : lines.Select(l => l.SkuId == skuId ? line : l).ToList();
        }, cancellationToken);
        return await ViewAsync(lines, cancellationToken);
    }

    public async Task<CartView> RemoveAsync(Caller caller, string skuId, CancellationToken cancellationToken) =>
        await ViewAsync(await ChangeAsync(caller.UserId, lines => lines.Where(l => l.SkuId != skuId).ToList(), cancellationToken), cancellationToken);

    /// <summary>The user's cart lines, as stored.</summary>
    public async Task<IReadOnlyList<CartLine>> GetLinesAsync(string userId, CancellationToken cancellationToken) =>
        (await store.FindAsync<Cart>(Collections.Carts, userId, userId, cancellationToken))?.Value.Lines ?? [];

    /// <summary>Removes what an order bought. Lines changed since (a quantity raised in another tab) are left for the buyer.</summary>
    public Task RemoveBoughtAsync(string userId, IReadOnlyList<CartLine> bought, CancellationToken cancellationToken) =>
        ChangeAsync(userId, lines => lines.Where(l => !bought.Any(b => b.SkuId == l.SkuId && b.Quantity == l.Quantity)).ToList(), cancellationToken);

    /// <summary>The product and SKU of a SKU id (the SKU's stock record names its product).</summary>
    public async Task<(Product Product, Sku Sku)> FindSkuAsync(string skuId, CancellationToken cancellationToken)
    {
        var level = await stock.FindAsync(skuId, cancellationToken);
        var product = level is null ? null : await catalog.FindProductAsync(level.Value.ProductId, cancellationToken);
        var sku = product?.Value.FindSku(skuId);
        return sku is null
            ? throw PlatformException.NotFound("product.sku_not_found", $"SKU '{skuId}' does not exist.")
            : (product!.Value, sku);
    }

    /// <summary>Attribution must be true: the note exists, the buyer can see it, and it tags the product.</summary>
    public async Task CheckSourceNoteAsync(Caller caller, string noteId, string productId, CancellationToken cancellationToken)
    {
        try
        {
            var note = await notes.GetAsync(noteId, caller, cancellationToken);
            if (note.Value.ProductIds.Contains(productId, StringComparer.Ordinal))
            {
                return;
            }
        }
        catch (PlatformException e) when (e.Kind == ErrorKind.NotFound)
        {
        }

        throw PlatformException.Invalid("sourceNoteId", "cart.invalid_source_note", "The source note does not exist or does not tag this product.");
    }

    private async Task<IReadOnlyList<CartLine>> ChangeAsync(
        string userId, Func<IReadOnlyList<CartLine>, IReadOnlyList<CartLine>> change, CancellationToken cancellationToken)
    {
        // Another request changing the cart in between: the change applies again to what it wrote.
        var update = await store.UpdateAsync<Cart>(Collections.Carts, userId, userId,
            current => new Cart { UserId = userId, Lines = change(current?.Lines ?? []), UpdatedAt = clock.GetUtcNow() }, cancellationToken);
        return update.Written!.Value.Lines;
    }

    private async Task<CartView> ViewAsync(IReadOnlyList<CartLine> lines, CancellationToken cancellationToken)
    {
        var products = new Dictionary<string, Product?>(StringComparer.Ordinal);
        foreach (var productId in lines.Select(l => l.ProductId).Distinct(StringComparer.Ordinal))
        {
            products[productId] = (await catalog.FindProductAsync(productId, cancellationToken))?.Value;
        }

        var levels = await Task.WhenAll(lines.Select(l => stock.FindLevelAsync(l.SkuId, cancellationToken)));
        var views = new List<CartLineView>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var product = products[line.ProductId];
            if (product?.FindSku(line.SkuId) is not { } sku)
            {
                continue;
            }

            var available = levels[i]?.Available ?? 0;
            views.Add(new CartLineView(line.SkuId, line.ProductId, line.ShopId, product.Title, sku.Attributes, line.Quantity, sku.Price,
                sku.Price.Times(line.Quantity), available, product.Status == ProductStatus.Active && available >= line.Quantity, line.SourceNoteId));
        }

        var shops = views.GroupBy(v => v.ShopId)
            .Select(g => new ShopSubtotal(g.Key, g.Select(v => v.LineTotal).Aggregate((a, b) => a.Plus(b)), g.Sum(v => v.Quantity)))
            .ToList();
        return new CartView(views, shops);
    }
}
