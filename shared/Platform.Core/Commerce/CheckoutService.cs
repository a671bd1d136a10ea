using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>
/// Turns a cart (or a "buy now" selection) into an order awaiting payment. The order id is derived from the buyer and the
/// <c>Idempotency-Key</c>, so a retried checkout finds (or races to create) the same order, and stock holds are keyed by
/// that id, so a retry never holds twice. Steps: hold stock for every line (ETag-checked, all or nothing), then create the
/// order carrying its scheduled payment timeout in its outbox, then send it. The buyer's unpaid-hold limits are a point read
/// before the holds and an ETag-checked record after them (<see cref="UnpaidHoldLimits"/>).
/// </summary>
public sealed class CheckoutService(
    IDocumentStore store,
    CatalogService catalog,
    CartService carts,
    StockLedger stock,
    OrderWorkflow workflow,
    UnpaidHoldLimits unpaidLimits,
    IOptions<CommerceOptions> options,
    TimeProvider clock,
    ILogger<CheckoutService> logger)
{
    private const int MaxIdempotencyKeyLength = 128;
    private const int MaxAddressFieldLength = 200;
    private readonly CommerceOptions _options = options.Value;

    public async Task<CheckoutResult> CheckoutAsync(Caller caller, string? idempotencyKey, CheckoutRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength || !idempotencyKey.All(c => char.IsAsciiLetterOrDigit(c) || "-_.:".Contains(c)))
        {
            throw PlatformException.Invalid("Idempotency-Key", "checkout.idempotency_key_required",
                $"Send an Idempotency-Key header (1-{MaxIdempotencyKeyLength} letters, digits, '-', '_', '.', ':'), the same on every retry.");
        }

        ValidateAddress(request.ShippingAddress);
        var orderId = OrderIdFor(caller.UserId, idempotencyKey);
        var fingerprint = Fingerprint(request);
        if (await FindExistingAsync(orderId, fingerprint, cancellationToken) is { } replay)
        {
            return replay;
        }

        var (shop, lines, fromCart) = await ResolveLinesAsync(caller, request, cancellationToken);
        await unpaidLimits.CheckAsync(caller.UserId, lines, cancellationToken);
        var subtotal = lines.Select(l => l.LineTotal).Aggregate((a, b) => a.Plus(b));
        var shipping = new Money(shop.ShippingFeeMinor, shop.Currency);
        var now = clock.GetUtcNow();
        var paymentDueAt = now + _options.PaymentWindow;

        await stock.ReserveAsync(orderId, lines.Select(l => new StockRequest(l.SkuId, l.Quantity)).ToList(),
            paymentDueAt + _options.HoldGrace, cancellationToken);
        try
        {
            await unpaidLimits.RecordAsync(caller.UserId, orderId, lines, paymentDueAt, cancellationToken);
        }
        catch (PlatformException)
        {
            // A concurrent checkout of the same buyer used up the limit meanwhile: this one holds nothing.
            await stock.ReleaseAsync(orderId, lines.Select(l => l.SkuId).ToList(), CancellationToken.None);
            throw;
        }

        PlatformMetrics.StockHolds.Add(lines.Sum(l => (long)l.Quantity), new KeyValuePair<string, object?>("outcome", "reserved"));

        var created = new OrderTransition(null, OrderStatus.PendingPayment, null, now, "checkout", Actor.Buyer(caller.UserId));
        var order = new Order
        {
            Id = orderId,
            BuyerId = caller.UserId,
            ShopId = shop.Id,
            BrandId = shop.BrandId,
            Status = OrderStatus.PendingPayment,
            Lines = lines,
            Subtotal = subtotal,
            ShippingFee = shipping,
            Total = subtotal.Plus(shipping),
            ShippingAddress = Trim(request.ShippingAddress!),
            IdempotencyKey = idempotencyKey,
            RequestFingerprint = fingerprint,
            CreatedAt = now,
            UpdatedAt = now,
            PaymentDueAt = paymentDueAt,
            History = [created],
        };
        var timeout = OrderWorkflow.SystemCommand(new ExpirePayment(), orderId, "payment_timeout", now, $"expire-{orderId}");
        order = order with { PendingEvents = [OrderMessages.Command(timeout, now, paymentDueAt), OrderMessages.StatusChanged(order, created)] };

        StoredDocument<Order> written;
        try
        {
            var etag = await store.CreateAsync(Collections.Orders, orderId, orderId, order, cancellationToken);
            written = new StoredDocument<Order>(order, etag);
        }
        catch (DocumentConflictException)
        {
            // The same checkout, retried concurrently, won the race; the holds it took are this request's holds too.
            return await FindExistingAsync(orderId, fingerprint, cancellationToken)
                ?? throw new InvalidOperationException($"Order {orderId} conflicted but cannot be read.");
        }

        await workflow.FlushAsync(written, cancellationToken);
        if (fromCart.Count > 0)
        {
            try
            {
                await carts.RemoveBoughtAsync(caller.UserId, fromCart, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The order stands; the buyer can remove the lines themselves.
                logger.LogWarning(e, "Could not clear the cart of {UserId} after order {OrderId}", caller.UserId, orderId);
            }
        }

        PlatformMetrics.Checkouts.Add(1);
        return new CheckoutResult(order, Replayed: false);
    }

    /// <summary>The order id for a buyer's idempotency key: the same key always names the same order, and never another buyer's.</summary>
    public static string OrderIdFor(string userId, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{idempotencyKey}")))[..32];

    private async Task<CheckoutResult?> FindExistingAsync(string orderId, string fingerprint, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync<Order>(Collections.Orders, orderId, orderId, cancellationToken);
        if (existing is null)
        {
            return null;
        }

        return existing.Value.RequestFingerprint == fingerprint
            ? new CheckoutResult(existing.Value, Replayed: true)
            : throw PlatformException.Conflict("checkout.idempotency_key_reused",
                "This Idempotency-Key was used for a different checkout; use a new key for a new order.");
    }

    private async Task<(Shop Shop, IReadOnlyList<OrderLine> Lines, IReadOnlyList<CartLine> FromCart)> ResolveLinesAsync(
        Caller caller, CheckoutRequest request, CancellationToken cancellationToken)
    {
        List<(string SkuId, int Quantity, string? SourceNoteId)> wanted;
        List<CartLine> fromCart = [];
        if (request.Items is { Count: > 0 } items)
        {
            var v = new Validation();
            v.Require(items.All(i => Ids.IsWellFormed(i.SkuId)), "items", "checkout.invalid_sku", "Every item needs a skuId.");
            v.Require(items.All(i => i.Quantity is > 0 && i.Quantity <= _options.MaxQuantityPerLine), "items", "checkout.invalid_quantity",
                $"Every quantity must be 1-{_options.MaxQuantityPerLine}.");
            v.Require(items.Select(i => i.SkuId).Distinct(StringComparer.Ordinal).Count() == items.Count, "items", "checkout.duplicate_sku",
                "Each SKU may appear once.");
            v.ThrowIfInvalid();
            wanted = items.Select(i => (i.SkuId!, i.Quantity!.Value, i.SourceNoteId)).ToList();
        }
        else
        {
            var cart = await carts.GetLinesAsync(caller.UserId, cancellationToken);
            var shops = cart.Select(l => l.ShopId).Distinct(StringComparer.Ordinal).ToList();
            var shopId = request.ShopId ?? (shops.Count == 1 ? shops[0] : null)
                ?? throw (shops.Count == 0
                    ? PlatformException.Invalid("checkout.empty", "The cart is empty.")
                    : PlatformException.Invalid("shopId", "checkout.shop_required", "The cart holds several shops' items: name the shop to check out."));
            fromCart = cart.Where(l => l.ShopId == shopId).ToList();
            if (fromCart.Count == 0)
            {
                throw PlatformException.Invalid("checkout.empty", "The cart has nothing from this shop.");
            }

            wanted = fromCart.Select(l => (l.SkuId, l.Quantity, l.SourceNoteId)).ToList();
        }

        if (wanted.Count > _options.MaxOrderLines)
        {
            throw PlatformException.Invalid("items", "checkout.too_many_lines", $"An order may have at most {_options.MaxOrderLines} lines.");
        }

        var lines = new List<OrderLine>();
        string? shopOf = null;
        foreach (var (skuId, quantity, sourceNoteId) in wanted)
        {
            var (product, sku) = await carts.FindSkuAsync(skuId, cancellationToken);
            if (product.Status != ProductStatus.Active)
            {
                throw PlatformException.Conflict("checkout.product_unavailable", $"'{product.Title}' is no longer on sale.");
            }

            if (shopOf is not null && product.ShopId != shopOf)
            {
                throw PlatformException.Invalid("items", "checkout.multiple_shops", "One checkout buys from one shop; check out each shop separately.");
            }

            shopOf = product.ShopId;
            if (sourceNoteId is not null && fromCart.Count == 0)
            {
                await carts.CheckSourceNoteAsync(caller, sourceNoteId, product.Id, cancellationToken);
            }

            lines.Add(new OrderLine(product.Id, sku.Id, product.Title, sku.Attributes, quantity, sku.Price, sku.Price.Times(quantity), sourceNoteId));
        }

        var shop = await catalog.GetShopAsync(shopOf!, cancellationToken);
        if (lines.Any(l => l.UnitPrice.Currency != shop.Currency))
        {
            throw new InvalidOperationException($"Shop {shop.Id} has prices outside its currency {shop.Currency}.");
        }

        return (shop, lines, fromCart);
    }

    private static void ValidateAddress(ShippingAddress? address)
    {
        var v = new Validation();
        if (address is null)
        {
            v.Add("shippingAddress", "checkout.address_required", "Send the shipping address.");
            v.ThrowIfInvalid();
        }

        Require(v, "recipientName", address!.RecipientName);
        Require(v, "phone", address.Phone);
        Require(v, "line1", address.Line1);
        Require(v, "city", address.City);
        Require(v, "country", address.Country);
        foreach (var (field, value) in new[] { ("line2", address.Line2), ("region", address.Region), ("postalCode", address.PostalCode) })
        {
            v.Require(value is null || value.Length <= MaxAddressFieldLength, $"shippingAddress.{field}", "checkout.address_field_too_long",
                $"At most {MaxAddressFieldLength} characters.");
        }

        v.ThrowIfInvalid();

        static void Require(Validation v, string field, string? value)
        {
            v.Require(!string.IsNullOrWhiteSpace(value), $"shippingAddress.{field}", "checkout.address_incomplete", $"The address needs {field}.");
            v.Require(value is null || value.Length <= MaxAddressFieldLength, $"shippingAddress.{field}", "checkout.address_field_too_long",
                $"At most {MaxAddressFieldLength} characters.");
        }
    }

    private static ShippingAddress Trim(ShippingAddress a) =>
        new(a.RecipientName?.Trim(), a.Phone?.Trim(), a.Line1?.Trim(), a.Line2?.Trim(), a.City?.Trim(), a.Region?.Trim(), a.PostalCode?.Trim(), a.Country?.Trim());

    private static string Fingerprint(CheckoutRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, PlatformJson.Options)));
}
