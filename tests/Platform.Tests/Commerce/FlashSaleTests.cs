using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Storage;
using Platform.Embedded.Payments;
using Platform.Tests.Support;
using static Platform.Tests.Commerce.CommerceScenario;

namespace Platform.Tests.Commerce;

/// <summary>
/// A drop of one popular SKU, in process and at a small scale (correctness only; the speed is the flash-sale benchmark,
/// tests/README.md): 400 buyers race for 100 units of a SKU split into 8 stock shards. Exactly 100 orders, no unit held twice;
/// then some pay, some cancel, the rest let their payment window lapse, and every unit is accounted for.
/// </summary>
public sealed class FlashSaleTests
{
    private const int Buyers = 400;
    private const int Units = 100;

    [Fact]
    public async Task Four_hundred_buyers_for_one_hundred_units_of_a_sharded_sku_make_exactly_one_hundred_orders_and_lose_no_unit()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = Settings(paymentWindow: TimeSpan.FromMinutes(30));
        settings["Platform:Commerce:UnitsPerStockShard"] = "10";
        using var platform = new EmbeddedPlatform(settings, services: s => s.AddSingleton<TimeProvider>(clock));
        var shop = await StartAsync(platform, stock: Units);
        var checkout = platform.Services.GetRequiredService<CheckoutService>();
        var ledger = platform.Services.GetRequiredService<StockLedger>();
        Assert.Equal(8, (await ledger.GetAsync(shop.SkuId, default)).Shards);

        using var start = new ManualResetEventSlim(false);
        var attempts = Enumerable.Range(0, Buyers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            var buyer = new Caller($"fan-{i}", null, new HashSet<string>(), new HashSet<string>());
            try
            {
                return (await checkout.CheckoutAsync(buyer, Ids.New(), new CheckoutRequest(
                    new ShippingAddress("王小红", "13800000000", "南京西路 1266 号", null, "上海", "上海", "200040", "CN"),
                    Items: [new CheckoutItem(shop.SkuId, 1, shop.NoteId)]), default)).Order;
            }
            catch (PlatformException e) when (e.Code == "checkout.out_of_stock")
            {
                return null;
            }
        })).ToArray();
        start.Set();
        var orders = (await Task.WhenAll(attempts)).OfType<Order>().ToList();

        Assert.Equal(Units, orders.Count);
        Assert.Equal(Units, orders.Select(o => o.BuyerId).Distinct().Count());
        var sold = await ledger.GetAsync(shop.SkuId, default);
        Assert.Equal((0, Units, 0L), (sold.Available, sold.Held, sold.Sold));
        Assert.Equal(orders.Select(o => o.Id).Order(), sold.HeldByOrder.Keys.Order());
        Assert.All(sold.HeldByOrder.Values, units => Assert.Equal(1, units));

        // 10 buyers pay, 30 cancel, 60 let the payment window run out.
        var workflow = platform.Services.GetRequiredService<OrderWorkflow>();
        var simulator = platform.Services.GetRequiredService<SimulatedPaymentProvider>();
        foreach (var order in orders.Take(10))
        {
            var session = await simulator.StartPaymentAsync(new PaymentRequest(order.Id, order.Total, "flash", order.PaymentDueAt), default);
            await simulator.PayAsync(session.PaymentId, succeed: true, default);
            await workflow.HandleAsync(new ConfirmPayment(session.PaymentId, order.Total)
            {
                Id = Ids.New(), OrderId = order.Id, Actor = Actor.PaymentProvider, Cause = "test", IssuedAt = clock.GetUtcNow(),
            }, default);
        }

        foreach (var order in orders.Skip(10).Take(30))
        {
            await shop.ActAsync(shop.Buyer(order.BuyerId), order.Id, "cancel");
        }

        await AdvanceUntilAsync(clock, ledger, shop.SkuId, s => s.Held == 60 && s.Sold == 10);
        clock.Advance(TimeSpan.FromMinutes(29));
        var settled = await AdvanceUntilAsync(clock, ledger, shop.SkuId, s => s.Held == 0);

        Assert.Equal((90, 0, 10L), (settled.Available, settled.Held, settled.Sold));
        Assert.Equal(Units, settled.Available + settled.Held + settled.Sold);
        var store = platform.Services.GetRequiredService<IDocumentStore>();
        // The stock is released before the buyer's holds are settled and the order records its lapse (effects first, the
        // order last): wait for the last lapsing orders to finish before reading the holds.
        await LapsesRecordedAsync(store, orders.Skip(40).ToList());
        var lapsed = 0;
        foreach (var order in orders.Skip(40))
        {
            var stored = (await store.FindAsync<Order>(Collections.Orders, order.Id, order.Id, default))!.Value;
            lapsed += stored is { Status: OrderStatus.Cancelled } && stored.History[^1].Cause == "payment_timeout" ? 1 : 0;
            var holds = (await store.FindAsync<BuyerHolds>(Collections.BuyerHolds, order.BuyerId, order.BuyerId, default))!.Value;
            Assert.Empty(holds.Unpaid);
            Assert.Contains(order.Id, holds.Lapsed.Keys);
        }

        Assert.Equal(60, lapsed);
    }

    private static async Task LapsesRecordedAsync(IDocumentStore store, IReadOnlyList<Order> orders)
    {
        for (var attempt = 0; attempt < 3000; attempt++)
        {
            var statuses = await Task.WhenAll(orders.Select(o => store.FindAsync<Order>(Collections.Orders, o.Id, o.Id, default)));
            if (statuses.All(stored => stored?.Value.Status == OrderStatus.Cancelled))
            {
                return;
            }

            await Task.Delay(10);
        }
    }

    // The host's loops wait on the fake clock: move it a second at a time until the stock reaches the state.
    private static async Task<StockLevel> AdvanceUntilAsync(FakeTimeProvider clock, StockLedger ledger, string skuId, Func<StockLevel, bool> reached)
    {
        for (var step = 0; step < 1200; step++)
        {
            var level = await ledger.GetAsync(skuId, default);
            if (reached(level))
            {
                return level;
            }

            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        var last = await ledger.GetAsync(skuId, default);
        Assert.Fail($"Stock of {skuId} stopped at available {last.Available}, held {last.Held}, sold {last.Sold}.");
        return last;
    }
}
