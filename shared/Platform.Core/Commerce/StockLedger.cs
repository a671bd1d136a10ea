using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>
/// Every change to stock: hold at checkout, commit on payment, release on cancellation, return on refund, a brand's
/// correction. A SKU's stock is split into shards (<see cref="SkuStock"/>): a checkout starts at the shard its order id hashes
/// to and falls back to the next ones when that one is short, so buyers spread over the shards until the last units. Each
/// change to a shard is a read and an ETag-checked replace, retried on a conflict, so concurrent checkouts never oversell,
/// across any number of instances; within one instance, changes to one shard that arrive together share one write (group
/// commit, <see cref="StockWriteBatcher"/>, on by <see cref="CommerceOptions.QueueStockWritesInProcess"/>). Each operation is
/// safe to repeat for the same order.
/// </summary>
public sealed class StockLedger(IDocumentStore store, IOptions<CommerceOptions> options, TimeProvider clock, ILogger<StockLedger> logger)
{
    /// <summary>How long a commit or return is remembered per shard. A workflow message is redelivered well within this
    /// (Service Bus: max delivery count × lock duration), so a step retried after a crash is not applied twice.</summary>
    public static readonly TimeSpan OperationMemory = TimeSpan.FromHours(1);

    private readonly CommerceOptions _options = options.Value;
    private readonly StockWriteBatcher _writes = new(store, options.Value.MaxStockAttempts, options.Value.QueueStockWritesInProcess);

    // Shard counts seen on shard 0 (every checkout reads it to find the product): a stale count only means fewer shards used.
    private readonly ConcurrentDictionary<string, int> _shardCounts = new(StringComparer.Ordinal);

    /// <summary>How many ETag conflicts were retried since start (a load figure: contention on hot SKUs).</summary>
    public long Conflicts => _writes.Conflicts;

    /// <summary>Stock changes per document write since start (what group commit combined).</summary>
    public double ChangesPerWrite => _writes.ChangesPerWrite;

    /// <summary>The id (and partition key) of shard <paramref name="shard"/> of a SKU's stock.</summary>
    public static string ShardId(string skuId, int shard) => shard == 0 ? skuId : $"{skuId}~s{shard}";

    /// <summary>The SKU's stock summed over its shards.</summary>
    public async Task<StockLevel> GetAsync(string skuId, CancellationToken cancellationToken) =>
        await FindLevelAsync(skuId, cancellationToken) ?? throw StockMissing(skuId);

    public async Task<StockLevel?> FindLevelAsync(string skuId, CancellationToken cancellationToken) =>
        await ReadShardsAsync(skuId, cancellationToken) is { } shards ? StockLevel.Of(shards) : null;

    /// <summary>Shard 0 of the SKU's stock (which product and shop it belongs to), or null when the SKU has no stock record.</summary>
    public async Task<StoredDocument<SkuStock>?> FindAsync(string skuId, CancellationToken cancellationToken)
    {
        var head = Ids.IsWellFormed(skuId) ? await store.FindAsync<SkuStock>(Collections.Stock, skuId, skuId, cancellationToken) : null;
        if (head is not null)
        {
            _shardCounts[skuId] = head.Value.Shards;
        }

        return head;
    }

    /// <summary>Records a new SKU's stock, split into as many shards as its units call for (<see cref="ShardsFor"/>).</summary>
    public async Task CreateAsync(SkuStock stock, CancellationToken cancellationToken)
    {
        var shards = ShardsFor(stock.Available);
        var split = Split(stock.Available, Enumerable.Repeat(0, shards).ToArray());
        // Shard 0 last: the SKU exists once it does, and then all its shards do.
        for (var i = shards - 1; i >= 0; i--)
        {
            var shard = stock with { Shard = i, Shards = i == 0 ? shards : 0, Available = split[i] };
            await store.CreateAsync(Collections.Stock, ShardId(stock.SkuId, i), ShardId(stock.SkuId, i), shard, cancellationToken);
        }

        _shardCounts[stock.SkuId] = shards;
    }

    /// <summary>
    /// A brand's correction or restock. Units added go to the emptiest shards first (a restock rebalances a drained SKU), and a
    /// SKU restocked past what its shards are sized for gets more shards. Units removed come from the fullest shards; refuses to
    /// take more than is available.
    /// </summary>
    public async Task<StockLevel> AdjustAsync(string skuId, int delta, CancellationToken cancellationToken)
    {
        var shards = await ReadShardsAsync(skuId, cancellationToken) ?? throw StockMissing(skuId);
        var level = StockLevel.Of(shards);
        if (delta > 0)
        {
            shards = await GrowAsync(skuId, shards, ShardsFor(level.Available + delta), cancellationToken);
            var adds = Split(delta, shards.Select(s => s.Available).ToArray());
            for (var i = 0; i < shards.Count; i++)
            {
                var add = adds[i];
                if (add > 0)
                {
                    await WriteAsync(skuId, shards[i].Shard, stock => (Present(stock, skuId) with { Available = stock!.Available + add }, 0), cancellationToken);
                }
            }
        }
        else if (delta < 0)
        {
            if (level.Available + delta < 0)
            {
                throw Insufficient(level.Available, delta);
            }

            var taken = new List<(int Shard, int Units)>();
            var remaining = -delta;
            foreach (var shard in shards.OrderByDescending(s => s.Available))
            {
                var wanted = remaining;
                var took = await WriteAsync<int>(skuId, shard.Shard, stock =>
                {
                    var take = Math.Min(Present(stock, skuId).Available, wanted);
                    return (take == 0 ? null : stock! with { Available = stock.Available - take }, take);
                }, cancellationToken);
                taken.Add((shard.Shard, took));
                if ((remaining -= took) == 0)
                {
                    break;
                }
            }

            if (remaining > 0)
            {
                // Checkouts took units meanwhile: put back what was removed, and refuse.
                foreach (var (shard, units) in taken.Where(t => t.Units > 0))
                {
                    await WriteAsync(skuId, shard, stock => (Present(stock, skuId) with { Available = stock!.Available + units }, 0), CancellationToken.None);
                }

                throw Insufficient((await GetAsync(skuId, CancellationToken.None)).Available, delta);
            }
        }

        return await GetAsync(skuId, cancellationToken);
    }

    /// <summary>
    /// Holds every line's quantity for <paramref name="orderId"/> until <paramref name="expiresAt"/>, or none of them:
    /// when a SKU is short, the holds already taken are released and a 409 <c>checkout.out_of_stock</c> is thrown.
    /// Holding again for the same order (a retried checkout) takes nothing more: it visits the same shards in the same order
    /// and counts the holds it finds.
    /// </summary>
    public async Task ReserveAsync(string orderId, IReadOnlyList<StockRequest> lines, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var taken = new List<(string SkuId, int Shard)>();
        foreach (var line in lines.OrderBy(l => l.SkuId, StringComparer.Ordinal))
        {
            var shards = await ShardCountAsync(line.SkuId, cancellationToken);
            var start = (int)(StableHash(orderId) % (uint)shards);
            var remaining = line.Quantity;
            var seen = 0;
            for (var k = 0; k < shards && remaining > 0; k++)
            {
                var shard = (start + k) % shards;
                var wanted = remaining;
                var (got, available) = await WriteAsync(line.SkuId, shard, stock => Hold(Present(stock, line.SkuId), orderId, wanted, expiresAt), cancellationToken);
                if (got > 0)
                {
                    taken.Add((line.SkuId, shard));
                }

                remaining -= got;
                seen += available;
            }

            if (remaining > 0)
            {
                foreach (var (skuId, shard) in taken)
                {
                    await WriteAsync(skuId, shard, stock => Release(stock, orderId), CancellationToken.None);
                }

                throw new PlatformException(ErrorKind.Conflict, "checkout.out_of_stock",
                    seen == 0
                        ? $"SKU '{line.SkuId}' is sold out."
                        : $"Only {seen} of SKU '{line.SkuId}' are left; {line.Quantity} were asked for.");
            }
        }
    }

    /// <summary>Gives back what <paramref name="orderId"/> holds on these SKUs (an unpaid order was cancelled); nothing if it holds nothing.</summary>
    public async Task ReleaseAsync(string orderId, IReadOnlyList<string> skuIds, CancellationToken cancellationToken)
    {
        foreach (var skuId in skuIds.Distinct(StringComparer.Ordinal))
        {
            foreach (var shard in await ReadShardsAsync(skuId, cancellationToken) ?? [])
            {
                if (shard.Holds.ContainsKey(orderId))
                {
                    await WriteAsync(skuId, shard.Shard, stock => Release(stock, orderId), cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// Turns the order's holds on the SKU into a sale. When they are gone (expired and reclaimed), takes the units again from a
    /// shard that still has them. False when none has: the order cannot be fulfilled (and nothing stays sold for it).
    /// </summary>
    public async Task<bool> CommitAsync(string orderId, StockRequest line, CancellationToken cancellationToken)
    {
        var commit = $"commit:{orderId}";
        var retake = $"retake:{orderId}";
        var shards = await ReadShardsAsync(line.SkuId, cancellationToken) ?? throw StockMissing(line.SkuId);
        var committed = 0;
        foreach (var shard in shards.Where(s => s.Holds.ContainsKey(orderId) || s.RecentOperations.ContainsKey(commit) || s.RecentOperations.ContainsKey(retake)))
        {
            var needed = line.Quantity - committed;
            committed += await WriteAsync<int>(line.SkuId, shard.Shard, stock =>
            {
                var s = Present(stock, line.SkuId);
                var before = s.RecentUnits.GetValueOrDefault(commit) + s.RecentUnits.GetValueOrDefault(retake);
                if (s.RecentOperations.ContainsKey(commit) || !s.Holds.TryGetValue(orderId, out var hold))
                {
                    return (null, before);
                }

                // Held more than the line needs (a retried checkout that found units the first try did not): the rest goes back.
                var use = Math.Clamp(needed - before, 0, hold.Quantity);
                var holds = new Dictionary<string, StockHold>(s.Holds);
                holds.Remove(orderId);
                return (Remember(s with { Available = s.Available + hold.Quantity - use, Holds = holds, Sold = s.Sold + use }, commit, use), before + use);
            }, cancellationToken);
        }

        var shortfall = line.Quantity - committed;
        if (shortfall <= 0)
        {
            return true;
        }

        logger.LogWarning("Order {OrderId} had lost its hold on {Quantity} of {SkuId}; taking the units again", orderId, shortfall, line.SkuId);
        foreach (var shard in shards.Where(s => s.Available >= shortfall).OrderByDescending(s => s.Available))
        {
            var took = await WriteAsync<bool>(line.SkuId, shard.Shard, stock =>
            {
                var s = Present(stock, line.SkuId);
                return s.Available < shortfall || s.RecentOperations.ContainsKey(retake)
                    ? (null, false)
                    : (Remember(s with { Available = s.Available - shortfall, Sold = s.Sold + shortfall }, retake, shortfall), true);
            }, cancellationToken);
            if (took)
            {
                return true;
            }
        }

        if (committed > 0)
        {
            // Part of the order was committed; it will not ship, so those units go back on sale.
            await ReturnAsync(orderId, line with { Quantity = committed }, cancellationToken);
        }

        return false;
    }

    /// <summary>Puts units of a paid order back on sale (cancelled before shipment, or returned); once per order and SKU.</summary>
    public async Task ReturnAsync(string orderId, StockRequest line, CancellationToken cancellationToken)
    {
        var operation = $"return:{orderId}";
        var shards = await ReadShardsAsync(line.SkuId, cancellationToken) ?? throw StockMissing(line.SkuId);
        if (shards.Any(s => s.RecentOperations.ContainsKey(operation)))
        {
            return;
        }

        // Back to the emptiest shard: returns refill where buyers would otherwise fall through.
        var target = shards.MinBy(s => s.Available)!.Shard;
        await WriteAsync<int>(line.SkuId, target, stock =>
        {
            var s = Present(stock, line.SkuId);
            return s.RecentOperations.ContainsKey(operation)
                ? (null, 0)
                : (Remember(s with { Available = s.Available + line.Quantity, Sold = s.Sold - line.Quantity }, operation, line.Quantity), 0);
        }, cancellationToken);
    }

    /// <summary>How many shards a SKU with <paramref name="units"/> available gets: one per
    /// <see cref="CommerceOptions.UnitsPerStockShard"/>, at least one, at most <see cref="CommerceOptions.StockShards"/>.</summary>
    public int ShardsFor(long units) => (int)Math.Clamp(units / _options.UnitsPerStockShard, 1, _options.StockShards);

    private Task<T> WriteAsync<T>(string skuId, int shard, Func<SkuStock?, (SkuStock? Next, T Result)> change, CancellationToken cancellationToken) =>
        _writes.SubmitAsync(ShardId(skuId, shard), change, cancellationToken);

    private (SkuStock? Next, (int Got, int Available) Result) Hold(SkuStock stock, string orderId, int wanted, DateTimeOffset expiresAt)
    {
        var pruned = ReclaimExpired(stock);
        var unchanged = pruned == stock ? null : pruned;
        if (pruned.Holds.TryGetValue(orderId, out var existing))
        {
            return (unchanged, (existing.Quantity, existing.Quantity));
        }

        var take = Math.Min(pruned.Available, wanted);
        if (take == 0)
        {
            return (unchanged, (0, 0));
        }

        var holds = new Dictionary<string, StockHold>(pruned.Holds) { [orderId] = new StockHold(take, expiresAt) };
        return (pruned with { Available = pruned.Available - take, Holds = holds }, (take, pruned.Available));
    }

    private static (SkuStock? Next, int Result) Release(SkuStock? stock, string orderId)
    {
        if (stock is null || !stock.Holds.TryGetValue(orderId, out var hold))
        {
            return (null, 0);
        }

        var holds = new Dictionary<string, StockHold>(stock.Holds);
        holds.Remove(orderId);
        return (stock with { Available = stock.Available + hold.Quantity, Holds = holds }, 0);
    }

    private async Task<int> ShardCountAsync(string skuId, CancellationToken cancellationToken) =>
        _shardCounts.TryGetValue(skuId, out var shards) ? shards : (await FindAsync(skuId, cancellationToken) ?? throw StockMissing(skuId)).Value.Shards;

    /// <summary>All of a SKU's shards (shard 0 first), read in parallel; null when the SKU has no stock record.</summary>
    private async Task<IReadOnlyList<SkuStock>?> ReadShardsAsync(string skuId, CancellationToken cancellationToken)
    {
        if (await FindAsync(skuId, cancellationToken) is not { } head)
        {
            return null;
        }

        var rest = await Task.WhenAll(Enumerable.Range(1, head.Value.Shards - 1)
            .Select(i => store.FindAsync<SkuStock>(Collections.Stock, ShardId(skuId, i), ShardId(skuId, i), cancellationToken)));
        return [head.Value, .. rest.OfType<StoredDocument<SkuStock>>().Select(s => s.Value)];
    }

    /// <summary>Adds empty shards up to <paramref name="wanted"/>, then records the new count on shard 0 (so no unit is ever in
    /// a shard that readers do not know of).</summary>
    private async Task<IReadOnlyList<SkuStock>> GrowAsync(string skuId, IReadOnlyList<SkuStock> shards, int wanted, CancellationToken cancellationToken)
    {
        var head = shards[0];
        if (wanted <= head.Shards)
        {
            return shards;
        }

        for (var i = head.Shards; i < wanted; i++)
        {
            try
            {
                await store.CreateAsync(Collections.Stock, ShardId(skuId, i), ShardId(skuId, i), new SkuStock
                {
                    SkuId = skuId, ProductId = head.ProductId, ShopId = head.ShopId, Shard = i, Shards = 0,
                }, cancellationToken);
            }
            catch (DocumentConflictException)
            {
                // Created by an earlier attempt that stopped before recording the count: still empty, since units go only
                // to shards shard 0 counts.
            }
        }

        await WriteAsync(skuId, 0, stock => (Present(stock, skuId).Shards >= wanted ? null : stock! with { Shards = wanted }, 0), cancellationToken);
        _shardCounts[skuId] = wanted;
        return await ReadShardsAsync(skuId, cancellationToken) ?? throw StockMissing(skuId);
    }

    /// <summary>Spreads <paramref name="units"/> over shards holding <paramref name="levels"/>, filling the emptiest first
    /// (water-filling) so the shards end as even as the units allow.</summary>
    private static int[] Split(int units, int[] levels)
    {
        var order = Enumerable.Range(0, levels.Length).OrderBy(i => levels[i]).ToArray();
        var adds = new int[levels.Length];
        long left = units;
        long level = levels[order[0]];
        var k = 1;
        while (k < order.Length && left >= (levels[order[k]] - level) * k)
        {
            left -= (levels[order[k]] - level) * k;
            level = levels[order[k]];
            k++;
        }

        for (var j = 0; j < k; j++)
        {
            adds[order[j]] = (int)(level - levels[order[j]] + left / k + (j < left % k ? 1 : 0));
        }

        return adds;
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

    private SkuStock Remember(SkuStock stock, string operation, int units)
    {
        var now = clock.GetUtcNow();
        var kept = stock.RecentOperations.Where(r => now - r.Value < OperationMemory).ToDictionary(r => r.Key, r => r.Value);
        kept[operation] = now;
        var keptUnits = stock.RecentUnits.Where(r => kept.ContainsKey(r.Key)).ToDictionary(r => r.Key, r => r.Value);
        keptUnits[operation] = units;
        return stock with { RecentOperations = kept, RecentUnits = keptUnits };
    }

    private static SkuStock Present(SkuStock? stock, string skuId) => stock ?? throw StockMissing(skuId);

    // FNV-1a: the same order id picks the same first shard in every process, so a retried checkout retraces its steps.
    private static uint StableHash(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private static PlatformException StockMissing(string skuId) =>
        PlatformException.NotFound("stock.not_found", $"SKU '{skuId}' has no stock record.");

    private static PlatformException Insufficient(int available, int delta) =>
        PlatformException.Conflict("stock.insufficient", $"Only {available} units are available; {-delta} cannot be removed.");
}

/// <summary>A quantity of one SKU.</summary>
public sealed record StockRequest(string SkuId, int Quantity);
