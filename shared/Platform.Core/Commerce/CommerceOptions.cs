using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Core.Commerce;

/// <summary>Commerce limits and windows (shared/README.md, Product rules: Limits), as settings.</summary>
public sealed class CommerceOptions
{
    public const string Section = "Platform:Commerce";

    /// <summary>How long a buyer has to pay before the order is cancelled and its stock released.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PaymentWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long after the payment deadline an unconfirmed stock hold is kept before another checkout may reclaim it.
    /// Covers a checkout that died between reserving and writing its order, and a late timeout message.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan HoldGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>No-reason returns: a refund may be requested this long after delivery; then the order completes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan ReturnWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The largest SKU price or shipping fee, in minor units (default 1,000,000.00). With the cart and quantity limits it
    /// keeps every total far inside 64 bits.
    /// </summary>
    [Range(1, 100_000_000_000)]
    public long MaxAmountMinor { get; set; } = 100_000_000;

    /// <summary>Orders one buyer may have awaiting payment at once, counting those that lapsed unpaid within <see cref="UnpaidLapseWindow"/>.</summary>
    [Range(1, 100)]
    public int MaxUnpaidOrdersPerBuyer { get; set; } = 3;

    /// <summary>Units of one SKU one buyer may hold across orders awaiting payment (a flash sale's per-buyer cap).</summary>
    [Range(1, 10_000)]
    public int MaxUnpaidUnitsPerSku { get; set; } = 20;

    /// <summary>How long an order cancelled for non-payment keeps counting against its buyer's unpaid orders, so holds cannot be renewed forever.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan UnpaidLapseWindow { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 1000)]
    public int MaxCartLines { get; set; } = 100;

    [Range(1, 10_000)]
    public int MaxQuantityPerLine { get; set; } = 99;

    [Range(1, 200)]
    public int MaxSkusPerProduct { get; set; } = 50;

    [Range(1, 200)]
    public int MaxOrderLines { get; set; } = 50;

    /// <summary>Optimistic-concurrency attempts on one stock record before a checkout gives up with a retryable 503.</summary>
    [Range(1, 10_000)]
    public int MaxStockAttempts { get; set; } = 500;

    [Range(1, 500)]
    public int MaxPageSize { get; set; } = 50;

    /// <summary>
    /// Combine changes to one stock shard that arrive together inside this process into one ETag-checked write (group commit),
    /// so a hot SKU's buyers on one instance share writes instead of colliding and backing off. The ETag check still decides
    /// between instances. Off: every change is its own read and write.
    /// </summary>
    public bool QueueStockWritesInProcess { get; set; } = true;

    /// <summary>The most shards (documents, and Cosmos DB logical partitions) one SKU's stock is split into.</summary>
    [Range(1, 64)]
    public int StockShards { get; set; } = 8;

    /// <summary>A SKU gets one stock shard per this many units (at creation, and when a restock grows it), up to
    /// <see cref="StockShards"/>: a SKU with a few units stays one document, a drop of hundreds is spread.</summary>
    [Range(1, 1_000_000)]
    public int UnitsPerStockShard { get; set; } = 50;
}

/// <summary>Checks <see cref="CommerceOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class CommerceOptionsValidator : IValidateOptions<CommerceOptions>;
