using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Tests.Storage;

/// <summary>
/// Sharded stock (<see cref="StockLedger"/>) over each <see cref="IDocumentStore"/> adapter: a SKU's units spread over shard
/// documents, checkouts falling back to sibling shards, no overselling when two instances (two ledgers, each combining its own
/// writes) race for the last units, multi-shard commits and returns counted once, and a brand's stock edits keeping every unit
/// accounted for.
/// </summary>
public abstract class StockShardingContract
{
    protected abstract IDocumentStore Store { get; }

    [Fact]
    public async Task A_sku_with_much_stock_is_split_evenly_over_shard_documents()
    {
        var ledger = Ledger(shards: 4, unitsPerShard: 10);
        var sku = await CreateAsync(ledger, 102);

        var shards = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var id = StockLedger.ShardId(sku, i);
            shards.Add((await Store.FindAsync<SkuStock>(Collections.Stock, id, id, default))!.Value.Available);
        }

        Assert.Equal([26, 26, 25, 25], shards.Order().Reverse());
        var level = await ledger.GetAsync(sku, default);
        Assert.Equal((4, 102, 0, 0L), (level.Shards, level.Available, level.Held, level.Sold));
        Assert.Equal(1, (await ledger.GetAsync(await CreateAsync(ledger, 9), default)).Shards);
    }

    [Fact]
    public async Task A_checkout_falls_back_to_sibling_shards_and_a_multi_unit_line_spans_them()
    {
        var ledger = Ledger(shards: 4, unitsPerShard: 1);
        var sku = await CreateAsync(ledger, 4);

        await ledger.ReserveAsync("order-a", [new(sku, 3)], Later, default);
        var refused = await Assert.ThrowsAsync<PlatformException>(() => ledger.ReserveAsync("order-b", [new(sku, 2)], Later, default));
        Assert.Equal("checkout.out_of_stock", refused.Code);
        var afterRefusal = await ledger.GetAsync(sku, default);
        Assert.Equal((1, 3), (afterRefusal.Available, afterRefusal.Held));
        Assert.Equal(["order-a"], afterRefusal.HeldByOrder.Keys);

        await ledger.ReserveAsync("order-c", [new(sku, 1)], Later, default);
        await ledger.ReserveAsync("order-c", [new(sku, 1)], Later, default);
        Assert.Equal("checkout.out_of_stock",
            (await Assert.ThrowsAsync<PlatformException>(() => ledger.ReserveAsync("order-d", [new(sku, 1)], Later, default))).Code);

        // The three units of order A sit on three shards: paying commits them all, once.
        Assert.True(await ledger.CommitAsync("order-a", new(sku, 3), default));
        Assert.True(await ledger.CommitAsync("order-a", new(sku, 3), default));
        await ledger.ReleaseAsync("order-c", [sku], default);
        var sold = await ledger.GetAsync(sku, default);
        Assert.Equal((1, 0, 3L), (sold.Available, sold.Held, sold.Sold));

        await ledger.ReturnAsync("order-a", new(sku, 3), default);
        await ledger.ReturnAsync("order-a", new(sku, 3), default);
        var returned = await ledger.GetAsync(sku, default);
        Assert.Equal((4, 0, 0L), (returned.Available, returned.Held, returned.Sold));
    }

    [Fact]
    public async Task Two_instances_racing_for_the_last_units_never_oversell()
    {
        // Two ledgers on one store stand for two instances: each combines its own writes, the ETag decides between them.
        var (first, second) = (Ledger(shards: 4, unitsPerShard: 5), Ledger(shards: 4, unitsPerShard: 5));
        var sku = await CreateAsync(first, 20);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            try
            {
                await (i % 2 == 0 ? first : second).ReserveAsync($"order-{i}", [new(sku, 1)], Later, default);
                return $"order-{i}";
            }
            catch (PlatformException e) when (e.Code == "checkout.out_of_stock")
            {
                return null;
            }
        }));

        var winners = attempts.OfType<string>().ToList();
        Assert.Equal(20, winners.Count);
        var level = await first.GetAsync(sku, default);
        Assert.Equal((0, 20), (level.Available, level.Held));
        Assert.Equal(winners.Order(), level.HeldByOrder.Keys.Order());

        foreach (var order in winners)
        {
            await second.ReleaseAsync(order, [sku], default);
        }

        Assert.Equal((20, 0), ((await first.GetAsync(sku, default)).Available, (await first.GetAsync(sku, default)).Held));
    }

    [Fact]
    public async Task Stock_edits_on_a_sharded_sku_keep_every_unit_accounted_for()
    {
        var ledger = Ledger(shards: 8, unitsPerShard: 10);
        var sku = await CreateAsync(ledger, 40);
        await ledger.ReserveAsync("order-1", [new(sku, 12)], Later, default);
        Assert.True(await ledger.CommitAsync("order-1", new(sku, 12), default));
        await ledger.ReserveAsync("order-2", [new(sku, 5)], Later, default);

        Assert.Equal(13, (await ledger.AdjustAsync(sku, -10, default)).Available);
        var refused = await Assert.ThrowsAsync<PlatformException>(() => ledger.AdjustAsync(sku, -14, default));
        Assert.Equal("stock.insufficient", refused.Code);

        // A restock past what four shards are sized for adds shards, and fills the emptiest first.
        var restocked = await ledger.AdjustAsync(sku, 87, default);
        Assert.Equal((8, 100, 5, 12L), (restocked.Shards, restocked.Available, restocked.Held, restocked.Sold));
        var levels = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            var id = StockLedger.ShardId(sku, i);
            levels.Add((await Store.FindAsync<SkuStock>(Collections.Stock, id, id, default))!.Value.Available);
        }

        Assert.Equal(100, levels.Sum());
        Assert.True(levels.Max() - levels.Min() <= 5, $"Shards after the restock: {string.Join(", ", levels)}");

        // Everything ever stocked (40 - 10 + 87) is available, held or sold.
        Assert.Equal(117, restocked.Available + restocked.Held + restocked.Sold);
    }

    private static DateTimeOffset Later => DateTimeOffset.UtcNow.AddHours(1);

    private StockLedger Ledger(int shards, int unitsPerShard) => new(Store,
        Options.Create(new CommerceOptions { StockShards = shards, UnitsPerStockShard = unitsPerShard }), TimeProvider.System,
        NullLogger<StockLedger>.Instance);

    private static async Task<string> CreateAsync(StockLedger ledger, int units)
    {
        var sku = Ids.New();
        await ledger.CreateAsync(new SkuStock { SkuId = sku, ProductId = "p", ShopId = "s", Available = units }, default);
        return sku;
    }
}
