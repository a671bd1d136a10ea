using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Core.Storage;
using Platform.Embedded.Storage;
using Platform.Tests.Support;

namespace Platform.Tests.Commerce;

/// <summary>The stock ledger's operations against SQLite: all-or-nothing holds, and every operation safe to repeat.</summary>
public sealed class StockLedgerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly SqliteDocumentStore _store = new SqliteDocumentStore(new SqliteDatabase(
        Path.Combine(Directory.CreateTempSubdirectory("stock-").FullName, "documents.db")));

    [Fact]
    public async Task A_reservation_holds_every_line_or_none()
    {
        var ledger = Ledger();
        await CreateAsync("sku-a", 5);
        await CreateAsync("sku-b", 1);

        var refused = await Assert.ThrowsAsync<PlatformException>(() =>
            ledger.ReserveAsync("order-1", [new("sku-a", 2), new("sku-b", 2)], Later, default));
        Assert.Equal("checkout.out_of_stock", refused.Code);
        Assert.Equal(5, await AvailableAsync("sku-a"));
        Assert.Empty((await ledger.GetAsync("sku-a", default)).HeldByOrder);
        Assert.Equal(1, await AvailableAsync("sku-b"));
    }

    [Fact]
    public async Task Holding_again_for_the_same_order_takes_nothing_more_and_releasing_twice_gives_back_once()
    {
        var ledger = Ledger();
        await CreateAsync("sku-a", 5);

        await ledger.ReserveAsync("order-1", [new("sku-a", 2)], Later, default);
        await ledger.ReserveAsync("order-1", [new("sku-a", 2)], Later, default);
        Assert.Equal(3, await AvailableAsync("sku-a"));

        await ledger.ReleaseAsync("order-1", ["sku-a"], default);
        await ledger.ReleaseAsync("order-1", ["sku-a"], default);
        Assert.Equal(5, await AvailableAsync("sku-a"));
    }

    [Fact]
    public async Task Committing_and_returning_count_once_per_order()
    {
        var ledger = Ledger();
        await CreateAsync("sku-a", 5);
        await ledger.ReserveAsync("order-1", [new("sku-a", 2)], Later, default);

        Assert.True(await ledger.CommitAsync("order-1", new("sku-a", 2), default));
        Assert.True(await ledger.CommitAsync("order-1", new("sku-a", 2), default));
        var sold = await ledger.GetAsync("sku-a", default);
        Assert.Equal((3, 2L, 0), (sold.Available, sold.Sold, sold.Held));

        await ledger.ReturnAsync("order-1", new("sku-a", 1), default);
        await ledger.ReturnAsync("order-1", new("sku-a", 1), default);
        var returned = await ledger.GetAsync("sku-a", default);
        Assert.Equal((4, 1L), (returned.Available, returned.Sold));
    }

    [Fact]
    public async Task An_expired_hold_is_reclaimed_by_the_next_checkout_and_a_late_payment_takes_units_again_only_if_left()
    {
        var ledger = Ledger();
        await CreateAsync("sku-a", 2);
        await ledger.ReserveAsync("abandoned", [new("sku-a", 2)], _clock.GetUtcNow().AddMinutes(25), default);
        Assert.Equal(0, await AvailableAsync("sku-a"));

        _clock.Advance(TimeSpan.FromMinutes(26));
        await ledger.ReserveAsync("order-2", [new("sku-a", 1)], _clock.GetUtcNow().AddMinutes(25), default);
        var stock = await ledger.GetAsync("sku-a", default);
        Assert.Equal(1, stock.Available);
        Assert.Equal(["order-2"], stock.HeldByOrder.Keys);

        // The abandoned order's payment arrives after all: one unit is left for its two.
        Assert.False(await ledger.CommitAsync("abandoned", new("sku-a", 2), default));
        Assert.Equal(1, await AvailableAsync("sku-a"));
        Assert.True(await ledger.CommitAsync("order-3", new("sku-a", 1), default));
        Assert.Equal(0, await AvailableAsync("sku-a"));
    }

    [Fact]
    public async Task A_write_that_lost_the_race_reads_again_and_applies_on_top()
    {
        var racing = new RacingStore(_store);
        var ledger = Ledger(racing);
        await CreateAsync("sku-a", 5);

        // Between this reservation's read and its write, another checkout takes 3 units.
        racing.BeforeNextReplace = () => new StockLedger(_store, Options(), _clock, NullLogger<StockLedger>.Instance)
            .ReserveAsync("rival", [new("sku-a", 3)], Later, default);
        await ledger.ReserveAsync("order-1", [new("sku-a", 2)], Later, default);

        var stock = await ledger.GetAsync("sku-a", default);
        Assert.Equal(0, stock.Available);
        Assert.Equal(["order-1", "rival"], stock.HeldByOrder.Keys.Order());
        Assert.Equal(1, ledger.Conflicts);

        // And when the rival leaves too little, the loser is refused instead of overselling.
        await CreateAsync("sku-b", 2);
        racing.BeforeNextReplace = () => new StockLedger(_store, Options(), _clock, NullLogger<StockLedger>.Instance)
            .ReserveAsync("rival", [new("sku-b", 2)], Later, default);
        var refused = await Assert.ThrowsAsync<PlatformException>(() => ledger.ReserveAsync("order-2", [new("sku-b", 1)], Later, default));
        Assert.Equal("checkout.out_of_stock", refused.Code);
        Assert.Equal(0, await AvailableAsync("sku-b"));
    }

    [Fact]
    public async Task A_brand_cannot_remove_more_than_is_available()
    {
        var ledger = Ledger();
        await CreateAsync("sku-a", 2);
        await ledger.ReserveAsync("order-1", [new("sku-a", 1)], Later, default);

        Assert.Equal("stock.insufficient", (await Assert.ThrowsAsync<PlatformException>(() => ledger.AdjustAsync("sku-a", -2, default))).Code);
        Assert.Equal(11, (await ledger.AdjustAsync("sku-a", 10, default)).Available);
    }

    private DateTimeOffset Later => _clock.GetUtcNow().AddHours(1);

    private StockLedger Ledger(IDocumentStore? store = null) => new(store ?? _store, Options(), _clock, NullLogger<StockLedger>.Instance);

    private static IOptions<CommerceOptions> Options() => Microsoft.Extensions.Options.Options.Create(new CommerceOptions());

    private Task<string> CreateAsync(string skuId, int available) =>
        _store.CreateAsync(Collections.Stock, skuId, skuId, new SkuStock { SkuId = skuId, ProductId = "p", ShopId = "s", Available = available }, default);

    private async Task<int> AvailableAsync(string skuId) =>
        (await _store.FindAsync<SkuStock>(Collections.Stock, skuId, skuId, default))!.Value.Available;

    /// <summary>Lets a test run a competing write just before the next replace, as a concurrent request would.</summary>
    private sealed class RacingStore(IDocumentStore inner) : ForwardingDocumentStore(inner)
    {
        public Func<Task>? BeforeNextReplace { get; set; }

        public override async Task<string> ReplaceAsync<T>(string collection, string partitionKey, string id, T document, string ifMatch, CancellationToken cancellationToken)
        {
            if (BeforeNextReplace is { } race)
            {
                BeforeNextReplace = null;
                await race();
            }

            return await base.ReplaceAsync(collection, partitionKey, id, document, ifMatch, cancellationToken);
        }
    }
}
