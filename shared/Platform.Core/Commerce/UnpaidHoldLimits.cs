using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>
/// Stops one buyer from holding a product's stock with unpaid checkouts (shared/README.md, Product rules: Commerce): at most
/// <see cref="CommerceOptions.MaxUnpaidOrdersPerBuyer"/> orders awaiting payment, counting orders that lapsed unpaid within
/// <see cref="CommerceOptions.UnpaidLapseWindow"/> (so letting holds expire and checking out again does not renew them
/// forever), and at most <see cref="CommerceOptions.MaxUnpaidUnitsPerSku"/> units of one SKU across those orders.
/// </summary>
public sealed class UnpaidHoldLimits(IDocumentStore store, IOptions<CommerceOptions> options, TimeProvider clock)
{
    private const string PaymentTimeoutCause = "payment_timeout";
    private const int LookBack = 50;
    private readonly CommerceOptions _options = options.Value;

    public async Task CheckAsync(string buyerId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken)
    {
        var unpaid = await NewestAsync(buyerId, OrderStatus.PendingPayment, cancellationToken);
        var since = clock.GetUtcNow() - _options.UnpaidLapseWindow;
        var lapsed = (await NewestAsync(buyerId, OrderStatus.Cancelled, cancellationToken))
            .Count(o => o.History.Count > 0 && o.History[^1] is { Cause: PaymentTimeoutCause } last && last.At >= since);
        if (unpaid.Count + lapsed >= _options.MaxUnpaidOrdersPerBuyer)
        {
            throw PlatformException.Conflict("checkout.too_many_unpaid_orders", lapsed == 0
                ? $"You have {unpaid.Count} orders waiting for payment: pay or cancel one before ordering again."
                : $"You have {unpaid.Count} orders waiting for payment and {lapsed} that lapsed unpaid recently: pay one, or order again later.");
        }

        foreach (var line in lines)
        {
            var held = unpaid.SelectMany(o => o.Lines).Where(l => l.SkuId == line.SkuId).Sum(l => l.Quantity);
            if (held + line.Quantity > _options.MaxUnpaidUnitsPerSku)
            {
                throw PlatformException.Conflict("checkout.unpaid_units_limit",
                    $"One buyer may hold at most {_options.MaxUnpaidUnitsPerSku} units of '{line.Title}' in unpaid orders; you hold {held}.");
            }
        }
    }

    private async Task<IReadOnlyList<Order>> NewestAsync(string buyerId, OrderStatus status, CancellationToken cancellationToken) =>
        (await store.QueryAsync<Order>(Collections.Orders, new DocumentQuery
        {
            Where = [new("buyerId", buyerId), new("status", status.ToString())],
            OrderBy = "createdAt",
            Descending = true,
            Limit = LookBack,
        }, cancellationToken)).Items.Select(i => i.Value).ToList();
}
