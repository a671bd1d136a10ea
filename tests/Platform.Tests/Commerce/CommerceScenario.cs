using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Core.Notes;
using Platform.Tests.Support;

namespace Platform.Tests.Commerce;

/// <summary>
/// Drives the commerce API over HTTP the way clients do: a brand with a shop and a product, a creator's note tagging it,
/// and buyers. Every call asserts its status, so a test reads as the journey it checks.
/// </summary>
public sealed class CommerceScenario
{
    public const string BrandId = "acme";

    private CommerceScenario(EmbeddedPlatform platform) => Platform = platform;

    public EmbeddedPlatform Platform { get; }

    public HttpClient Brand => Platform.ClientFor("brandy", ["brand"], [BrandId]);

    public string ShopId { get; private set; } = "";

    public ProductView Product { get; private set; } = null!;

    public string SkuId => Product.Skus[0].Id;

    public string NoteId { get; private set; } = "";

    /// <summary>Settings that keep messaging snappy in tests; add a short payment window where a test needs the timeout.</summary>
    public static Dictionary<string, string?> Settings(TimeSpan? paymentWindow = null, bool runDispatcher = true) => new()
    {
        ["Platform:Embedded:Messaging:PollInterval"] = "00:00:00.100",
        ["Platform:Embedded:Messaging:RetryBaseDelay"] = "00:00:00.050",
        ["Platform:Embedded:Messaging:RetryMaxDelay"] = "00:00:00.500",
        ["Platform:Embedded:Messaging:RunDispatcher"] = runDispatcher ? "true" : "false",
        ["Platform:Commerce:PaymentWindow"] = (paymentWindow ?? TimeSpan.FromMinutes(15)).ToString("c"),
    };

    /// <summary>Sets up brand "acme", a CNY shop (shipping 8.00), a product with two SKUs (the first with <paramref name="stock"/>
    /// units at 129.00), and a creator's note tagging it.</summary>
    public static async Task<CommerceScenario> StartAsync(EmbeddedPlatform platform, int stock = 10)
    {
        var scenario = new CommerceScenario(platform);
        await scenario.SetUpCatalogueAsync(stock);
        return scenario;
    }

    /// <summary>The same catalogue on a platform restarted on the same data folder.</summary>
    public CommerceScenario On(EmbeddedPlatform platform) =>
        new(platform) { ShopId = ShopId, Product = Product, NoteId = NoteId };

    public HttpClient Buyer(string userId) => Platform.ClientFor(userId);

    public async Task<OrderResponse> CheckoutAsync(HttpClient buyer, int quantity = 1, string? key = null, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await PostCheckoutAsync(buyer, key ?? Ids.New(), new
        {
            shippingAddress = Address,
            items = new[] { new { skuId = SkuId, quantity, sourceNoteId = NoteId } },
        });
        await Expect(response, expected);
        return (await response.Content.ReadFromJsonAsync<OrderResponse>(PlatformJson.Options))!;
    }

    public static Task<HttpResponseMessage> PostCheckoutAsync(HttpClient buyer, string? key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return buyer.SendAsync(request);
    }

    public static object Address => new
    {
        recipientName = "王小红",
        phone = "13800000000",
        line1 = "南京西路 1266 号",
        city = "上海",
        region = "上海",
        postalCode = "200040",
        country = "CN",
    };

    /// <summary>The buyer starts paying and the simulated provider settles it, delivering its signed webhook; returns the pay result.</summary>
    public async Task<JsonElement> PayAsync(HttpClient buyer, string orderId, string outcome = "succeeded")
    {
        var session = await Read<PaymentSession>(await buyer.PostAsync($"/api/orders/{orderId}/payment", null), HttpStatusCode.OK);
        Assert.Equal($"/dev/payments/{session.PaymentId}", session.PayUrl.AbsolutePath);
        var paid = await Platform.CreateClient().PostAsync($"/dev/payments/{session.PaymentId}/pay{session.PayUrl.Query}&outcome={outcome}", null);
        await Expect(paid, HttpStatusCode.OK);
        return await paid.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<OrderResponse> GetOrderAsync(HttpClient client, string orderId) =>
        await Read<OrderResponse>(await client.GetAsync($"/api/orders/{orderId}"), HttpStatusCode.OK);

    /// <summary>Polls until the order reaches <paramref name="status"/> (the workflow applies commands asynchronously).</summary>
    public async Task<OrderResponse> WaitForAsync(HttpClient client, string orderId, OrderStatus status, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var order = await GetOrderAsync(client, orderId);
            if (order.Status == status)
            {
                return order;
            }

            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                Assert.Fail($"Order {orderId} is {order.Status}, not {status}, after {clock.Elapsed}. Refusals: "
                    + string.Join(", ", order.Refusals.Select(r => $"{r.Action}:{r.Code}")));
            }

            await Task.Delay(50);
        }
    }

    public async Task<OrderActionAccepted> ActAsync(HttpClient client, string orderId, string action, object? body = null, HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        var response = await client.PostAsync($"/api/orders/{orderId}/{action}", body is null ? null : JsonContent.Create(body));
        await Expect(response, expected);
        return expected == HttpStatusCode.Accepted ? (await response.Content.ReadFromJsonAsync<OrderActionAccepted>(PlatformJson.Options))! : null!;
    }

    public async Task<SkuView> SkuAsync() =>
        (await Read<ProductView>(await Platform.CreateClient().GetAsync($"/api/products/{Product.Id}"), HttpStatusCode.OK)).Skus.Single(s => s.Id == SkuId);

    public static async Task<T> Read<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        await Expect(response, expected);
        return (await response.Content.ReadFromJsonAsync<T>(PlatformJson.Options))!;
    }

    public static async Task Expect(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task SetUpCatalogueAsync(int stock)
    {
        var brand = Brand;
        await Expect(await brand.PutAsJsonAsync($"/api/brands/{BrandId}", new { name = "ACME 美妆", description = "国货护肤" }), HttpStatusCode.OK);
        var shop = await Read<ShopResponse>(await brand.PostAsJsonAsync($"/api/brands/{BrandId}/shops",
            new { name = "ACME 官方旗舰店", currency = "CNY", shippingFeeMinor = 800 }), HttpStatusCode.Created);
        ShopId = shop.Id;
        Product = await Read<ProductView>(await brand.PostAsJsonAsync($"/api/shops/{ShopId}/products", new
        {
            title = "清透防晒霜 SPF50+",
            description = "轻薄不油腻",
            skus = new object[]
            {
                new { attributes = new Dictionary<string, string> { ["规格"] = "50ml" }, priceMinor = 12900, stock },
                new { attributes = new Dictionary<string, string> { ["规格"] = "100ml" }, priceMinor = 19900, stock = 5 },
            },
        }), HttpStatusCode.Created);

        var creator = Platform.ClientFor("creator");
        var note = await Read<NoteResponse>(await creator.PostAsJsonAsync("/api/notes",
            new { title = "夏天防晒霜推荐", body = "清爽不油腻 #防晒", productIds = new[] { Product.Id } }), HttpStatusCode.Created);
        NoteId = note.Id;
    }
}
