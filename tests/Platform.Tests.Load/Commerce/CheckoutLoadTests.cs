using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Storage;
using Platform.Tests.Support;
using Xunit.Abstractions;
using static Platform.Tests.Commerce.CommerceScenario;

namespace Platform.Tests.Commerce;

/// <summary>
/// No overselling under load: 500 buyers race for 100 units of one SKU, through the checkout service against SQLite and over
/// HTTP through the embedded host. Exactly 100 win and the stock ends at 0. Each run prints its throughput and latency
/// percentiles (figures, not assertions: the machine is shared).
/// </summary>
public sealed class CheckoutLoadTests(ITestOutputHelper output) : IDisposable
{
    private const int Buyers = 500;
    private const int Units = 100;
    // The load generator's few buyers each place many unpaid orders: lift the per-buyer hold limit that stops hoarders.
    private EmbeddedPlatform _platform = new(new Dictionary<string, string?>(Settings()) { ["Platform:Commerce:MaxUnpaidOrdersPerBuyer"] = "100" });

    [Fact]
    public async Task Five_hundred_concurrent_checkouts_through_the_service_sell_exactly_one_hundred_units()
    {
        // No in-process queuing: every buyer goes straight at the SKU's ETag, as buyers on many instances would.
        _platform.Dispose();
        _platform = new EmbeddedPlatform(new Dictionary<string, string?>(Settings()) { ["Platform:Commerce:QueueStockWritesInProcess"] = "false" });
        var shop = await StartAsync(_platform, stock: Units);
        var checkout = _platform.Services.GetRequiredService<CheckoutService>();
        var ledger = _platform.Services.GetRequiredService<StockLedger>();
        var conflictsBefore = ledger.Conflicts;

        var run = await RaceAsync(Buyers, async i =>
        {
            var buyer = new Caller($"svc-buyer-{i}", null, new HashSet<string>(), new HashSet<string>());
            try
            {
                var result = await checkout.CheckoutAsync(buyer, Ids.New(), Request(shop), default);
                return result.Order.Id;
            }
            catch (PlatformException e) when (e.Code == "checkout.out_of_stock")
            {
                return null;
            }
        });

        await AssertSoldOutExactlyAsync(shop, run);
        Report("service (CheckoutService -> SQLite), optimistic concurrency only", run, ledger.Conflicts - conflictsBefore);
    }

    [Fact]
    public async Task Five_hundred_concurrent_checkouts_over_http_sell_exactly_one_hundred_units()
    {
        var shop = await StartAsync(_platform, stock: Units);
        var ledger = _platform.Services.GetRequiredService<StockLedger>();
        var tokens = Enumerable.Range(0, Buyers).Select(i => _platform.TokenFor($"http-buyer-{i}")).ToArray();
        using var client = _platform.CreateClient();
        var conflictsBefore = ledger.Conflicts;

        var run = await RaceAsync(Buyers, async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = JsonContent.Create(Request(shop)) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
            request.Headers.Add("Idempotency-Key", Ids.New());
            using var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                await AssertProblem(response, HttpStatusCode.Conflict, "checkout.out_of_stock");
                return null;
            }

            return (await Read<OrderResponse>(response, HttpStatusCode.Created)).Id;
        });

        await AssertSoldOutExactlyAsync(shop, run);
        Report("HTTP (embedded host, in-memory server), in-process queuing + ETag", run, ledger.Conflicts - conflictsBefore);
    }

    [Fact]
    public async Task Sustained_checkouts_over_http_spread_over_many_skus()
    {
        // Throughput without a single hot SKU: 600 checkouts by 32 concurrent clients over 20 products with enough stock.
        const int total = 600;
        const int concurrency = 32;
        var shop = await StartAsync(_platform, stock: 1000);
        var skus = new List<string> { shop.SkuId };
        for (var p = 1; p < 20; p++)
        {
            var product = await Read<ProductView>(await shop.Brand.PostAsJsonAsync($"/api/shops/{shop.ShopId}/products",
                new { title = $"商品 {p}", skus = new[] { new { priceMinor = 1000 + p, stock = 1000 } } }), HttpStatusCode.Created);
            skus.Add(product.Skus[0].Id);
        }

        var tokens = Enumerable.Range(0, concurrency).Select(i => _platform.TokenFor($"load-buyer-{i}")).ToArray();
        using var client = _platform.CreateClient();
        var next = -1;
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout")
                {
                    Content = JsonContent.Create(new { shippingAddress = Address, items = new[] { new { skuId = skus[i % skus.Count], quantity = 1 } } }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[worker]);
                request.Headers.Add("Idempotency-Key", Ids.New());
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        clock.Stop();

        Assert.Equal(0, failures);
        var sold = 0;
        foreach (var sku in skus)
        {
            sold += 1000 - (await _platform.Services.GetRequiredService<StockLedger>().GetAsync(sku, default)).Available;
        }

        Assert.Equal(total, sold);
        var sorted = latencies.Order().ToArray();
        output.WriteLine($"Sustained HTTP checkouts: {total} orders, {concurrency} concurrent clients, 20 SKUs, {clock.Elapsed.TotalSeconds:0.00} s");
        output.WriteLine($"  throughput {total / clock.Elapsed.TotalSeconds:0.0} checkouts/s; latency p50 {Percentile(sorted, 50):0.0} ms, "
            + $"p95 {Percentile(sorted, 95):0.0} ms, p99 {Percentile(sorted, 99):0.0} ms, max {sorted[^1]:0.0} ms");
    }

    private static CheckoutRequest Request(CommerceScenario shop) =>
        new CheckoutRequest(
            new ShippingAddress("王小红", "13800000000", "南京西路 1266 号", null, "上海", "上海", "200040", "CN"),
            Items: [new CheckoutItem(shop.SkuId, 1, shop.NoteId)]);

    /// <summary>Starts all attempts at once (a barrier, not a loop) and times each.</summary>
    private static async Task<RaceResult> RaceAsync(int count, Func<int, Task<string?>> attempt)
    {
        using var start = new ManualResetEventSlim(false);
        var latencies = new double[count];
        var winners = new string?[count];
        var clock = new Stopwatch();
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            start.Wait();
            var began = Stopwatch.GetTimestamp();
            winners[i] = await attempt(i);
            latencies[i] = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        })).ToArray();
        clock.Start();
        start.Set();
        await Task.WhenAll(tasks);
        clock.Stop();
        return new RaceResult(winners, latencies, clock.Elapsed);
    }

    private async Task AssertSoldOutExactlyAsync(CommerceScenario shop, RaceResult run)
    {
        var orders = run.Winners.OfType<string>().ToList();
        Assert.Equal(Units, orders.Count);
        Assert.Equal(Units, orders.Distinct().Count());

        var stock = await _platform.Services.GetRequiredService<StockLedger>().GetAsync(shop.SkuId, default);
        Assert.Equal(0, stock.Available);
        Assert.Equal(Units, stock.Held);
        Assert.Equal(orders.Order(), stock.HeldByOrder.Keys.Order());

        var store = _platform.Services.GetRequiredService<IDocumentStore>();
        var stored = await store.QueryAsync<Order>(Collections.Orders,
            new DocumentQuery { Where = [new("shopId", shop.ShopId)], OrderBy = "createdAt", Limit = Buyers }, default);
        Assert.Equal(Units, stored.Items.Count);
        Assert.All(stored.Items, o => Assert.Equal(shop.NoteId, Assert.Single(o.Value.Lines).SourceNoteId));
    }

    private void Report(string how, RaceResult run, long conflicts)
    {
        var all = run.Latencies.Order().ToArray();
        var won = run.Latencies.Where((_, i) => run.Winners[i] is not null).Order().ToArray();
        output.WriteLine($"{Buyers} concurrent checkouts for {Units} units, {how}: {Units} sold, {Buyers - Units} refused out of stock, stock 0");
        output.WriteLine($"  wall {run.Elapsed.TotalSeconds:0.00} s; throughput {Buyers / run.Elapsed.TotalSeconds:0.0} checkouts/s "
            + $"({Units / run.Elapsed.TotalSeconds:0.0} orders/s); ETag conflicts retried: {conflicts}");
        output.WriteLine($"  latency all: p50 {Percentile(all, 50):0.0} ms, p95 {Percentile(all, 95):0.0} ms, p99 {Percentile(all, 99):0.0} ms, max {all[^1]:0.0} ms");
        output.WriteLine($"  latency successful: p50 {Percentile(won, 50):0.0} ms, p99 {Percentile(won, 99):0.0} ms");
    }

    private static double Percentile(double[] sorted, int percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private sealed record RaceResult(string?[] Winners, double[] Latencies, TimeSpan Elapsed);

    public void Dispose() => _platform.Dispose();
}
