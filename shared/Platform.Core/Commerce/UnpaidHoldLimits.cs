using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>
/// Stops one buyer from holding a product's stock with unpaid checkouts (shared/README.md, Product rules: Commerce): at most
/// <see cref="CommerceOptions.MaxUnpaidOrdersPerBuyer"/> orders awaiting payment, counting orders that lapsed unpaid within
/// <see cref="CommerceOptions.UnpaidLapseWindow"/> (so letting holds expire and checking out again does not renew them
/// forever), and at most <see cref="CommerceOptions.MaxUnpaidUnitsPerSku"/> units of one SKU across those orders.
/// The buyer's unpaid and lapsed orders are one small document (<see cref="BuyerHolds"/>): checkout reads it (a point read)
/// and records its order in it (an ETag-checked write that checks the limits again), the order workflow settles it when the
/// order is paid, cancelled or lapses. No query over orders on the checkout path.
/// </summary>
public sealed class UnpaidHoldLimits(IDocumentStore store, IOptions<CommerceOptions> options, TimeProvider clock)
{
    private readonly CommerceOptions _options = options.Value;

    /// <summary>Refuses (409) when an order of these lines would break a limit: the early check, before stock is held.</summary>
    public async Task CheckAsync(string buyerId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken)
    {
        var holds = await store.FindAsync<BuyerHolds>(Collections.BuyerHolds, buyerId, buyerId, cancellationToken);
        Enforce(Current(holds?.Value ?? new BuyerHolds { BuyerId = buyerId }), lines);
    }

    /// <summary>Counts <paramref name="orderId"/> against its buyer until it is settled, checking the limits again (two
    /// concurrent checkouts of one buyer cannot both pass); nothing new when it is already counted (a retried checkout).</summary>
    public Task RecordAsync(string buyerId, string orderId, IReadOnlyList<OrderLine> lines, DateTimeOffset paymentDueAt, CancellationToken cancellationToken) =>
        store.UpdateAsync<BuyerHolds>(Collections.BuyerHolds, buyerId, buyerId, holds =>
        {
            var current = Current(holds ?? new BuyerHolds { BuyerId = buyerId });
            if (current.Unpaid.ContainsKey(orderId))
            {
                return null;
            }

            Enforce(current, lines);
            var units = lines.GroupBy(l => l.SkuId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity), StringComparer.Ordinal);
            return current with { Unpaid = new Dictionary<string, UnpaidOrder>(current.Unpaid) { [orderId] = new UnpaidOrder(paymentDueAt, units) } };
        }, DocumentUpdates.UntilWritten, cancellationToken);

    /// <summary>The order left "awaiting payment": it stops counting, or (<paramref name="lapsed"/>: its payment window ran
    /// out) counts as lapsed for <see cref="CommerceOptions.UnpaidLapseWindow"/>. Safe to repeat.</summary>
    public Task SettleAsync(string buyerId, string orderId, bool lapsed, CancellationToken cancellationToken) =>
        store.UpdateAsync<BuyerHolds>(Collections.BuyerHolds, buyerId, buyerId, holds =>
        {
            if (holds is null || !holds.Unpaid.ContainsKey(orderId))
            {
                return null;
            }

            var unpaid = new Dictionary<string, UnpaidOrder>(holds.Unpaid);
            unpaid.Remove(orderId);
            var lapses = new Dictionary<string, DateTimeOffset>(holds.Lapsed);
            if (lapsed)
            {
                lapses[orderId] = clock.GetUtcNow();
            }

            return Current(holds with { Unpaid = unpaid, Lapsed = lapses });
        }, DocumentUpdates.UntilWritten, cancellationToken);

    private void Enforce(BuyerHolds holds, IReadOnlyList<OrderLine> lines)
    {
        var (unpaid, lapsed) = (holds.Unpaid.Count, holds.Lapsed.Count);
        if (unpaid + lapsed >= _options.MaxUnpaidOrdersPerBuyer)
        {
            throw PlatformException.Conflict("checkout.too_many_unpaid_orders", lapsed == 0
                ? $"You have {unpaid} orders waiting for payment: pay or cancel one before ordering again."
                : $"You have {unpaid} orders waiting for payment and {lapsed} that lapsed unpaid recently: pay one, or order again later.");
        }

        foreach (var line in lines)
        {
            var held = holds.Unpaid.Values.Sum(o => o.Units.GetValueOrDefault(line.SkuId));
            if (held + line.Quantity > _options.MaxUnpaidUnitsPerSku)
            {
                throw PlatformException.Conflict("checkout.unpaid_units_limit",
                    $"One buyer may hold at most {_options.MaxUnpaidUnitsPerSku} units of '{line.Title}' in unpaid orders; you hold {held}.");
            }
        }
    }

    /// <summary>Forgets lapses older than the lapse window, and counts as lapsed an order still listed well after its payment
    /// was due (its checkout died before writing it, or its timeout was lost): it cannot hold stock any more.</summary>
    private BuyerHolds Current(BuyerHolds holds)
    {
        var now = clock.GetUtcNow();
        var lapses = new Dictionary<string, DateTimeOffset>(holds.Lapsed);
        var unpaid = new Dictionary<string, UnpaidOrder>(holds.Unpaid);
        foreach (var (orderId, order) in holds.Unpaid.Where(o => o.Value.PaymentDueAt + _options.HoldGrace <= now))
        {
            unpaid.Remove(orderId);
            lapses[orderId] = order.PaymentDueAt;
        }

        var since = now - _options.UnpaidLapseWindow;
        return holds with { Unpaid = unpaid, Lapsed = lapses.Where(l => l.Value >= since).ToDictionary(l => l.Key, l => l.Value) };
    }
}

/// <summary>One buyer's orders awaiting payment and those that lapsed unpaid recently (see <see cref="UnpaidHoldLimits"/>).</summary>
public sealed record BuyerHolds
{
    public required string BuyerId { get; init; }

    /// <summary>Orders awaiting payment, by order id.</summary>
    public IReadOnlyDictionary<string, UnpaidOrder> Unpaid { get; init; } = new Dictionary<string, UnpaidOrder>();

    /// <summary>Orders cancelled for non-payment within the lapse window, by order id: when they lapsed.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Lapsed { get; init; } = new Dictionary<string, DateTimeOffset>();
}

/// <summary>An order awaiting payment: when payment is due, and the units it holds per SKU.</summary>
public sealed record UnpaidOrder(DateTimeOffset PaymentDueAt, IReadOnlyDictionary<string, int> Units);
