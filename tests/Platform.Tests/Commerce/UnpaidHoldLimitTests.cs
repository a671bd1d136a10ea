using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Core.Storage;
using Platform.Embedded.Storage;
using Platform.Tests.Support;
using static Platform.Tests.Commerce.CommerceScenario;

namespace Platform.Tests.Commerce;

/// <summary>Probe: one account held a product's entire stock with unpaid checkouts under fresh idempotency keys, renewing forever.</summary>
public sealed class UnpaidHoldLimitTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new(Settings());

    [Fact]
    public async Task A_hoarder_is_stopped_by_the_unit_and_order_limits_and_real_buyers_still_buy()
    {
        var shop = await StartAsync(_platform, stock: 100);
        var hoarder = shop.Buyer("hoarder");

        await shop.CheckoutAsync(hoarder, quantity: 15);
        await AssertProblem(await BuyAsync(hoarder, shop.SkuId, 6), HttpStatusCode.Conflict, "checkout.unpaid_units_limit");
        var second = await shop.CheckoutAsync(hoarder, quantity: 5);
        await AssertProblem(await BuyAsync(hoarder, shop.SkuId, 1), HttpStatusCode.Conflict, "checkout.unpaid_units_limit");
        await Expect(await BuyAsync(hoarder, shop.Product.Skus[1].Id, 1), HttpStatusCode.Created);
        await AssertProblem(await BuyAsync(hoarder, shop.Product.Skus[1].Id, 1), HttpStatusCode.Conflict, "checkout.too_many_unpaid_orders");

        Assert.Equal(80, (await shop.SkuAsync()).Available);
        await shop.CheckoutAsync(shop.Buyer("real-buyer"), quantity: 2);

        // Paying or cancelling frees the buyer to order again.
        await shop.ActAsync(hoarder, second.Id, "cancel");
        await shop.WaitForAsync(hoarder, second.Id, OrderStatus.Cancelled);
        await shop.CheckoutAsync(hoarder, quantity: 5);
    }

    [Fact]
    public async Task Orders_that_lapsed_unpaid_keep_counting_until_the_lapse_window_ends()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero));
        var store = new SqliteDocumentStore(new SqliteDatabase(Path.Combine(Directory.CreateTempSubdirectory("holds-").FullName, "documents.db")));
        var options = new CommerceOptions();
        var limits = new UnpaidHoldLimits(store, Options.Create(options), clock);
        var line = new OrderLine("p", "sku", "秒杀口红", new Dictionary<string, string>(), 1, new Money(100, "CNY"), new Money(100, "CNY"), null);

        // Three checkouts left to time out, one after the other: each lapse still counts for an hour.
        for (var i = 0; i < options.MaxUnpaidOrdersPerBuyer; i++)
        {
            await limits.CheckAsync("hoarder", [line], default);
            await limits.RecordAsync("hoarder", $"lapsed-{i}", [line], clock.GetUtcNow() + options.PaymentWindow, default);
            await limits.SettleAsync("hoarder", $"lapsed-{i}", lapsed: true, default);
            clock.Advance(options.PaymentWindow);
        }

        var refused = await Assert.ThrowsAsync<PlatformException>(() => limits.CheckAsync("hoarder", [line], default));
        Assert.Equal("checkout.too_many_unpaid_orders", refused.Code);
        await limits.CheckAsync("someone-else", [line], default);

        clock.Advance(options.UnpaidLapseWindow - options.PaymentWindow * (options.MaxUnpaidOrdersPerBuyer - 1));
        await limits.CheckAsync("hoarder", [line], default);
    }

    [Fact]
    public async Task An_order_never_settled_counts_as_lapsed_once_its_holds_could_no_longer_exist()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero));
        var store = new SqliteDocumentStore(new SqliteDatabase(Path.Combine(Directory.CreateTempSubdirectory("holds-").FullName, "documents.db")));
        var options = new CommerceOptions { MaxUnpaidOrdersPerBuyer = 2, MaxUnpaidUnitsPerSku = 3 };
        var limits = new UnpaidHoldLimits(store, Options.Create(options), clock);
        var line = new OrderLine("p", "sku", "秒杀口红", new Dictionary<string, string>(), 2, new Money(100, "CNY"), new Money(200, "CNY"), null);

        // A checkout that died after recording its order: it counts while its hold could still exist, then as a lapse.
        await limits.RecordAsync("buyer", "died", [line], clock.GetUtcNow() + options.PaymentWindow, default);
        await limits.RecordAsync("buyer", "died", [line], clock.GetUtcNow() + options.PaymentWindow, default);
        Assert.Equal("checkout.unpaid_units_limit",
            (await Assert.ThrowsAsync<PlatformException>(() => limits.RecordAsync("buyer", "second", [line], clock.GetUtcNow() + options.PaymentWindow, default))).Code);
        clock.Advance(options.PaymentWindow + options.HoldGrace);
        await limits.RecordAsync("buyer", "second", [line], clock.GetUtcNow() + options.PaymentWindow, default);
        Assert.Equal("checkout.too_many_unpaid_orders",
            (await Assert.ThrowsAsync<PlatformException>(() => limits.CheckAsync("buyer", [line with { Quantity = 1 }], default))).Code);

        // Paying settles an order: it stops counting at once.
        await limits.SettleAsync("buyer", "second", lapsed: false, default);
        await limits.CheckAsync("buyer", [line], default);
    }

    private static Task<HttpResponseMessage> BuyAsync(HttpClient buyer, string skuId, int quantity) =>
        PostCheckoutAsync(buyer, Ids.New(), new { shippingAddress = Address, items = new[] { new { skuId, quantity } } });

    public void Dispose() => _platform.Dispose();
}
