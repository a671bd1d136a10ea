using System.Net;
using System.Net.Http.Json;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Tests.Support;
using static Platform.Tests.Commerce.CommerceScenario;

namespace Platform.Tests.Commerce;

/// <summary>Probe: a price of 2^63-1 made the cart answer 500 and buy-now accept a total of 9.2e18. Money is bounded at input.</summary>
public sealed class MoneyBoundsTests : IDisposable
{
    private const long Max = 100_000_000;
    private readonly EmbeddedPlatform _platform = new(Settings());

    [Fact]
    public async Task Prices_and_shipping_fees_beyond_the_bound_are_refused_at_input()
    {
        var shop = await StartAsync(_platform);
        var brand = shop.Brand;

        await AssertProblem(await brand.PostAsJsonAsync($"/api/brands/{BrandId}/shops", new { name = "大店", currency = "CNY", shippingFeeMinor = long.MaxValue }),
            HttpStatusCode.BadRequest, "shop.invalid_shipping_fee");
        await AssertProblem(await brand.PostAsJsonAsync($"/api/shops/{shop.ShopId}/products", new
        {
            title = "天价",
            skus = new[] { new { priceMinor = long.MaxValue, stock = 1 } },
        }), HttpStatusCode.BadRequest, "product.invalid_price");
        await AssertProblem(await RepriceAsync(shop, long.MaxValue), HttpStatusCode.BadRequest, "product.invalid_price");
        await AssertProblem(await RepriceAsync(shop, Max + 1), HttpStatusCode.BadRequest, "product.invalid_price");
    }

    [Fact]
    public async Task The_largest_prices_still_add_up_in_a_cart_of_several_shops_and_at_buy_now()
    {
        var shop = await StartAsync(_platform, stock: 200);
        await Expect(await RepriceAsync(shop, Max), HttpStatusCode.OK);
        var other = await Read<ShopResponse>(await shop.Brand.PostAsJsonAsync($"/api/brands/{BrandId}/shops",
            new { name = "第二家", currency = "CNY", shippingFeeMinor = Max }), HttpStatusCode.Created);
        var dear = await Read<ProductView>(await shop.Brand.PostAsJsonAsync($"/api/shops/{other.Id}/products",
            new { title = "贵", skus = new[] { new { priceMinor = Max, stock = 200 } } }), HttpStatusCode.Created);

        var buyer = shop.Buyer("rich");
        await Expect(await buyer.PutAsJsonAsync($"/api/cart/items/{shop.SkuId}", new { quantity = 99 }), HttpStatusCode.OK);
        await Expect(await buyer.PutAsJsonAsync($"/api/cart/items/{dear.Skus[0].Id}", new { quantity = 99 }), HttpStatusCode.OK);
        var cart = await Read<CartView>(await buyer.GetAsync("/api/cart"), HttpStatusCode.OK);
        Assert.All(cart.Shops, s => Assert.Equal(99 * Max, s.Subtotal.AmountMinor));

        var order = await Read<OrderResponse>(await PostCheckoutAsync(buyer, Ids.New(), new
        {
            shippingAddress = Address,
            items = new[] { new { skuId = dear.Skus[0].Id, quantity = 20 } },
        }), HttpStatusCode.Created);
        Assert.Equal(20 * Max + Max, order.Total.AmountMinor);
    }

    [Fact]
    public void Arithmetic_that_would_overflow_is_a_client_facing_refusal_not_a_crash()
    {
        var huge = new Money(long.MaxValue, "CNY");
        Assert.Equal("money.amount_too_large", Assert.Throws<PlatformException>(() => huge.Times(2)).Code);
        Assert.Equal(ErrorKind.Unprocessable, Assert.Throws<PlatformException>(() => huge.Plus(new Money(1, "CNY"))).Kind);
    }

    private static async Task<HttpResponseMessage> RepriceAsync(CommerceScenario shop, long price)
    {
        var product = await Read<ProductView>(await shop.Platform.CreateClient().GetAsync($"/api/products/{shop.Product.Id}"), HttpStatusCode.OK);
        var reprice = new HttpRequestMessage(HttpMethod.Patch, $"/api/products/{shop.Product.Id}/skus/{shop.SkuId}") { Content = JsonContent.Create(new { priceMinor = price }) };
        reprice.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{product.ETag}\""));
        return await shop.Brand.SendAsync(reprice);
    }

    public void Dispose() => _platform.Dispose();
}
