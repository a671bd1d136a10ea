namespace Platform.Core.Commerce;

/// <summary>
/// Stock of one SKU, one document per SKU so checkouts of different variants never contend. Every change is an
/// ETag-checked replace (see <see cref="StockLedger"/>): two buyers cannot both take the last unit.
/// </summary>
public sealed record SkuStock
{
    public required string SkuId { get; init; }

    public required string ProductId { get; init; }

    public required string ShopId { get; init; }

    /// <summary>Units a checkout may take now.</summary>
    public int Available { get; init; }

    /// <summary>Units taken by orders awaiting payment, by order id. A hold is paid (committed) or released; one whose
    /// order never appeared expires and is reclaimed by the next checkout.</summary>
    public IReadOnlyDictionary<string, StockHold> Holds { get; init; } = new Dictionary<string, StockHold>();

    /// <summary>Units sold (holds committed by payment), net of returns.</summary>
    public long Sold { get; init; }

    /// <summary>Recently applied commit and return operations (by operation id), so a workflow step retried after a crash
    /// does not count twice. Kept for <see cref="StockLedger.OperationMemory"/>.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> RecentOperations { get; init; } = new Dictionary<string, DateTimeOffset>();

    public int Held => Holds.Values.Sum(h => h.Quantity);
}

/// <summary>Units held for one order until <see cref="ExpiresAt"/>.</summary>
public sealed record StockHold(int Quantity, DateTimeOffset ExpiresAt);
