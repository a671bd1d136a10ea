using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>
/// Every change to stock: hold at checkout, commit on payment, release on cancellation, return on refund. Each is a
/// read and an ETag-checked replace of the SKU's <see cref="SkuStock"/>, retried on a conflict, so concurrent
/// checkouts never oversell, across any number of instances. Within one instance, writes to one SKU also queue behind a
/// lock stripe (<see cref="CommerceOptions.QueueStockWritesInProcess"/>), so a hot SKU's buyers do not waste their time
/// colliding. Each operation is safe to repeat for the same order.
/// </summary>
public sealed class StockLedger(IDocumentStore store, IOptions<CommerceOptions> options, TimeProvider clock, ILogger<StockLedger> logger)
{
    /// <summary>How long a commit or return is remembered per SKU. A workflow message is redelivered well within this
    /// (Service Bus: max delivery count × lock duration), so a step retried after a crash is not applied twice.</summary>
    public static readonly TimeSpan OperationMemory = TimeSpan.FromHours(1);

    private const int Stripes = 256;
    private readonly CommerceOptions _options = options.Value;
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private long _conflicts;

    /// <summary>How many ETag conflicts were retried since start (a load figure: contention on hot SKUs).</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    public async Task<StoredDocument<SkuStock>> GetAsync(string skuId, CancellationToken cancellationToken) =>
        await FindAsync(skuId, cancellationToken) ?? throw StockMissing(skuId);

    private static PlatformException StockMissing(string skuId) =>
        PlatformException.NotFound("stock.not_found", $"SKU '{skuId}' has no stock record.");

    public Task<StoredDocument<SkuStock>?> FindAsync(string skuId, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(skuId)
            ? store.FindAsync<SkuStock>(Collections.Stock, skuId, skuId, cancellationToken)
            : Task.FromResult<StoredDocument<SkuStock>?>(null);

    public Task CreateAsync(SkuStock stock, CancellationToken cancellationToken) =>
        store.CreateAsync(Collections.Stock, stock.SkuId, stock.SkuId, stock, cancellationToken);

    /// <summary>A brand's correction or restock; refuses to take more than is available.</summary>
    public Task<SkuStock> AdjustAsync(string skuId, int delta, CancellationToken cancellationToken) =>
        UpdateAsync(skuId, stock =>
        {
            if (stock.Available + delta < 0)
            {
                throw PlatformException.Conflict("stock.insufficient",
                    $"Only {stock.Available} units are available; {-delta} cannot be removed.");
            }

            var next = stock with { Available = stock.Available + delta };
            return (next, next);
        }, cancellationToken);

    /// <summary>
    /// Holds every line's quantity for <paramref name="orderId"/> until <paramref name="expiresAt"/>, or none of them:
    /// when a SKU is short, the holds already taken are released and a 409 <c>checkout.out_of_stock</c> is thrown.
    /// Holding again for the same order (a retried checkout) takes nothing more.
    /// </summary>
    public async Task ReserveAsync(string orderId, IReadOnlyList<StockRequest> lines, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var held = new List<StockRequest>();
        foreach (var line in lines.OrderBy(l => l.SkuId, StringComparer.Ordinal))
        {
            // Sold out at this read: say so at once rather than queue for the SKU's lock only to find the same.
            var peek = ReclaimExpired((await GetAsync(line.SkuId, cancellationToken)).Value);
            var leftWhenShort = !peek.Holds.ContainsKey(orderId) && peek.Available < line.Quantity ? peek.Available : await UpdateAsync(line.SkuId, stock =>
            {
                var pruned = ReclaimExpired(stock);
                if (pruned.Holds.ContainsKey(orderId))
                {
                    return (pruned == stock ? null : pruned, (int?)null);
                }

                if (pruned.Available < line.Quantity)
                {
                    return (pruned == stock ? null : pruned, pruned.Available);
                }

                var holds = new Dictionary<string, StockHold>(pruned.Holds) { [orderId] = new StockHold(line.Quantity, expiresAt) };
                return (pruned with { Available = pruned.Available - line.Quantity, Holds = holds }, null);
            }, cancellationToken);

            if (leftWhenShort is { } available)
            {
                await ReleaseAsync(orderId, held.Select(h => h.SkuId).ToList(), CancellationToken.None);
                throw new PlatformException(ErrorKind.Conflict, "checkout.out_of_stock",
                    available == 0
                        ? $"SKU '{line.SkuId}' is sold out."
                        : $"Only {available} of SKU '{line.SkuId}' are left; {line.Quantity} were asked for.");
            }

            held.Add(line);
        }
    }

    /// <summary>Gives back what <paramref name="orderId"/> holds on these SKUs (an unpaid order was cancelled); nothing if it holds nothing.</summary>
    public async Task ReleaseAsync(string orderId, IReadOnlyList<string> skuIds, CancellationToken cancellationToken)
    {
        foreach (var skuId in skuIds.Distinct(StringComparer.Ordinal))
        {
            await UpdateAsync(skuId, stock =>
            {
                if (!stock.Holds.TryGetValue(orderId, out var hold))
                {
                    return (null, 0);
                }

                var holds = new Dictionary<string, StockHold>(stock.Holds);
                holds.Remove(orderId);
                return (stock with { Available = stock.Available + hold.Quantity, Holds = holds }, 0);
            }, cancellationToken);
        }
    }

    /// <summary>
    /// Turns the order's hold into a sale. When the hold is gone (it expired and was reclaimed), takes the units again if they
    /// are still available. False when they are not: the order cannot be fulfilled.
    /// </summary>
    public Task<bool> CommitAsync(string orderId, StockRequest line, CancellationToken cancellationToken)
    {
        var operation = $"commit:{orderId}";
        return UpdateAsync(line.SkuId, stock =>
        {
            var now = clock.GetUtcNow();
            if (stock.RecentOperations.ContainsKey(operation))
            {
                return (null, true);
            }

            var holds = new Dictionary<string, StockHold>(stock.Holds);
            var available = stock.Available;
            if (holds.Remove(orderId, out var hold))
            {
                available += hold.Quantity - line.Quantity;
            }
            else if (available >= line.Quantity)
            {
                logger.LogWarning("Order {OrderId} had lost its hold on {SkuId}; took the units again", orderId, line.SkuId);
                available -= line.Quantity;
            }
            else
            {
                return (null, false);
            }

            return (stock with
            {
                Available = available,
                Holds = holds,
                Sold = stock.Sold + line.Quantity,
                RecentOperations = Remember(stock.RecentOperations, operation, now),
            }, true);
        }, cancellationToken);
    }

    /// <summary>Puts units of a paid order back on sale (cancelled before shipment, or returned); once per order and SKU.</summary>
    public Task ReturnAsync(string orderId, StockRequest line, CancellationToken cancellationToken)
    {
        var operation = $"return:{orderId}";
        return UpdateAsync(line.SkuId, stock =>
        {
            if (stock.RecentOperations.ContainsKey(operation))
            {
                return (null, 0);
            }

            return (stock with
            {
                Available = stock.Available + line.Quantity,
                Sold = stock.Sold - line.Quantity,
                RecentOperations = Remember(stock.RecentOperations, operation, clock.GetUtcNow()),
            }, 0);
        }, cancellationToken);
    }

    private SkuStock ReclaimExpired(SkuStock stock)
    {
        var now = clock.GetUtcNow();
        var expired = stock.Holds.Where(h => h.Value.ExpiresAt <= now).ToList();
        if (expired.Count == 0)
        {
            return stock;
        }

        foreach (var (orderId, hold) in expired)
        {
            logger.LogWarning("Reclaimed an expired hold of {Quantity} on {SkuId} for order {OrderId}", hold.Quantity, stock.SkuId, orderId);
        }

        return stock with
        {
            Available = stock.Available + expired.Sum(h => h.Value.Quantity),
            Holds = stock.Holds.Where(h => h.Value.ExpiresAt > now).ToDictionary(h => h.Key, h => h.Value),
        };
    }

    private static Dictionary<string, DateTimeOffset> Remember(IReadOnlyDictionary<string, DateTimeOffset> recent, string operation, DateTimeOffset now)
    {
        var kept = recent.Where(r => now - r.Value < OperationMemory).ToDictionary(r => r.Key, r => r.Value);
        kept[operation] = now;
        return kept;
    }

    /// <summary>Read, decide, replace if unchanged; on a conflict read again. <paramref name="change"/> returns null to write nothing.</summary>
    private async Task<TResult> UpdateAsync<TResult>(
        string skuId, Func<SkuStock, (SkuStock? Next, TResult Result)> change, CancellationToken cancellationToken)
    {
        if (!_options.QueueStockWritesInProcess)
        {
            return await UpdateOptimisticallyAsync(skuId, change, cancellationToken);
        }

        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(skuId) % Stripes)];
        await stripe.WaitAsync(cancellationToken);
        try
        {
            return await UpdateOptimisticallyAsync(skuId, change, cancellationToken);
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<TResult> UpdateOptimisticallyAsync<TResult>(
        string skuId, Func<SkuStock, (SkuStock? Next, TResult Result)> change, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(skuId))
        {
            throw StockMissing(skuId);
        }

        var (decisions, result) = (0, default(TResult)!);
        try
        {
            await store.UpdateAsync<SkuStock>(Collections.Stock, skuId, skuId, current =>
            {
                if (decisions++ > 0)
                {
                    Interlocked.Increment(ref _conflicts); // each decision after the first follows a lost race
                }

                (var next, result) = change(current ?? throw StockMissing(skuId));
                return next;
            }, _options.MaxStockAttempts, cancellationToken);
            return result;
        }
        catch (DocumentPreconditionFailedException)
        {
            throw new PlatformException(ErrorKind.Unavailable, "stock.busy",
                "Too many buyers are changing this item's stock at once; try again in a moment.") { RetryAfter = TimeSpan.FromSeconds(1) };
        }
    }
}

/// <summary>A quantity of one SKU.</summary>
public sealed record StockRequest(string SkuId, int Quantity);
