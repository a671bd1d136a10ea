namespace Platform.Core.Commerce;

/// <summary>
/// One stock document of a SKU. A SKU's stock is split over <see cref="Shards"/> documents (shard 0 is the SKU's own document,
/// id = SKU id; shard <c>i</c> has id <c>{skuId}~s{i}</c>, each its own partition), so a drop of one popular SKU spreads its
/// checkouts' ETag-checked writes (see <see cref="StockLedger"/>) over several documents (and Cosmos DB logical partitions)
/// instead of queueing on one. A SKU with little stock has one shard. Every change is an ETag-checked replace of one shard:
/// two buyers cannot both take the last unit of it.
/// </summary>
public sealed record SkuStock
{
    public required string SkuId { get; init; }

    public required string ProductId { get; init; }

    public required string ShopId { get; init; }

    /// <summary>Which shard of the SKU this document is (0: the SKU's own document).</summary>
    public int Shard { get; init; }

    /// <summary>On shard 0: how many shards the SKU's stock is split into (documents written before sharding have 1).</summary>
    public int Shards { get; init; } = 1;

    /// <summary>Units of this shard a checkout may take now.</summary>
    public int Available { get; init; }

    /// <summary>Units of this shard taken by orders awaiting payment, by order id. A hold is paid (committed) or released; one
    /// whose order never appeared expires and is reclaimed by the next checkout. A multi-unit line may hold on several shards.</summary>
    public IReadOnlyDictionary<string, StockHold> Holds { get; init; } = new Dictionary<string, StockHold>();

    /// <summary>Units sold from this shard (holds committed by payment), net of returns. Returns go back to any shard, so only
    /// the sum over the SKU's shards means "sold"; one shard's figure may be negative.</summary>
    public long Sold { get; init; }

    /// <summary>Recently applied commit and return operations (by operation id), so a workflow step retried after a crash
    /// does not count twice. Kept for <see cref="StockLedger.OperationMemory"/>.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> RecentOperations { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>The units each remembered operation moved on this shard (a commit may span shards; a retry adds them up).</summary>
    public IReadOnlyDictionary<string, int> RecentUnits { get; init; } = new Dictionary<string, int>();

    public int Held => Holds.Values.Sum(h => h.Quantity);
}

/// <summary>Units held for one order until <see cref="ExpiresAt"/>.</summary>
public sealed record StockHold(int Quantity, DateTimeOffset ExpiresAt);

/// <summary>A SKU's stock summed over its shards: what a product page shows and what the accounting checks
/// (<c>Available + Held + Sold</c> is every unit ever stocked, net of the brand's corrections).</summary>
public sealed record StockLevel(
    string SkuId, string ProductId, string ShopId, int Shards, int Available, int Held, long Sold, IReadOnlyDictionary<string, int> HeldByOrder)
{
    public static StockLevel Of(IReadOnlyList<SkuStock> shards)
    {
        var head = shards[0];
        var byOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (orderId, hold) in shards.SelectMany(s => s.Holds))
        {
            byOrder[orderId] = byOrder.GetValueOrDefault(orderId) + hold.Quantity;
        }

        return new StockLevel(head.SkuId, head.ProductId, head.ShopId, head.Shards, shards.Sum(s => s.Available), shards.Sum(s => s.Held),
            shards.Sum(s => s.Sold), byOrder);
    }
}
