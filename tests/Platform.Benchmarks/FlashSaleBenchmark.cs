using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Core.Commerce;
using Platform.Embedded.Storage;

namespace Platform.Benchmarks;

/// <summary>
/// The flash sale over real sockets: starts the embedded host (Release build of functions/Platform.LocalHost) as its own
/// process on a free port with a fresh data folder, and drives it over HTTP with a fixed number of connections:
/// <list type="number">
/// <item>spread: checkouts of one unit over 20 SKUs with ample stock, for a fixed time;</item>
/// <item>hot: the same on one SKU with ample stock (the contention figure: hot / spread);</item>
/// <item>drop: 2,000 buyers (each with their own account) for 500 units of one SKU, all at once; exactly 500 orders must be
/// made; then half are cancelled and the other half left to lapse at the end of the payment window, after which every unit must
/// be back (available + held + sold = 500, read from the host's stock documents once it has stopped).</item>
/// </list>
/// With <c>--baseline path/to/Platform.LocalHost.dll</c> (another build, e.g. of main) the same scenarios run first against that
/// host, and the ratios between the two are printed. Usage: <c>dotnet run -c Release --project tests/Platform.Benchmarks --
/// flash-sale [--seconds 6] [--connections 64] [--buyers 2000] [--units 500] [--baseline dll]</c>.
/// </summary>
internal static class FlashSaleBenchmark
{
    private const string Address =
        """{"recipientName":"王小红","phone":"13800000000","line1":"南京西路 1266 号","city":"上海","country":"CN"}""";

    private static readonly TimeSpan PaymentWindow = TimeSpan.FromSeconds(40);

    public static async Task RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var seconds = double.Parse(Arg("--seconds") ?? "6", CultureInfo.InvariantCulture);
        var connections = int.Parse(Arg("--connections") ?? "64", CultureInfo.InvariantCulture);
        var buyers = int.Parse(Arg("--buyers") ?? "2000", CultureInfo.InvariantCulture);
        var units = int.Parse(Arg("--units") ?? "500", CultureInfo.InvariantCulture);
        var root = RepoRoot();
        var current = Path.Combine(root, "functions", "Platform.LocalHost", "bin", "Release", "net10.0", "Platform.LocalHost.dll");
        if (!args.Contains("--no-build"))
        {
            Execute("dotnet", $"build \"{Path.Combine(root, "functions", "Platform.LocalHost")}\" -c Release -v q -nologo -m:1");
        }

        Console.WriteLine($"Flash sale over real sockets: {connections} connections, {seconds:0} s per throughput phase, drop of {units} units "
            + $"to {buyers:N0} buyers; {Environment.ProcessorCount} cores, load average {LoadAverage()}, .NET {Environment.Version}");
        var hosts = new List<(string Name, string Dll)>();
        if (Arg("--baseline") is { } baseline)
        {
            hosts.Add(("baseline", Path.GetFullPath(baseline)));
        }

        hosts.Add(("this build", current));
        var figures = new List<Figures>();
        foreach (var (name, dll) in hosts)
        {
            Console.WriteLine();
            Console.WriteLine($"== {name}: {dll}");
            figures.Add(await RunHostAsync(name, dll, seconds, connections, buyers, units));
        }

        Console.WriteLine();
        Console.WriteLine($"Summary (load average at the end {LoadAverage()}):");
        foreach (var f in figures)
        {
            Console.WriteLine($"  {f.Name,-11} spread {f.Spread.Rate,7:N0}/s p50 {f.Spread.P50,6:N0} ms p99 {f.Spread.P99,6:N0} ms | hot {f.Hot.Rate,7:N0}/s "
                + $"p99 {f.Hot.P99,6:N0} ms | hot/spread {f.Hot.Rate / f.Spread.Rate:0.00}x | drop {f.Drop.Rate,6:N0}/s p50 {f.Drop.P50,5:N0} ms "
                + $"p99 {f.Drop.P99,5:N0} ms, {f.Orders} orders, oversold {Math.Max(0, f.Orders - units)}, accounting {(f.Accounted ? "ok" : "FAILED")}");
        }

        if (figures.Count == 2)
        {
            Console.WriteLine($"  spread this build / baseline {figures[1].Spread.Rate / figures[0].Spread.Rate:0.00}x, "
                + $"hot this build / baseline {figures[1].Hot.Rate / figures[0].Hot.Rate:0.00}x");
        }

        if (figures.Any(f => f.Orders != units || !f.Accounted))
        {
            Environment.ExitCode = 1;
        }
    }

    private static async Task<Figures> RunHostAsync(string name, string dll, double seconds, int connections, int buyers, int units)
    {
        var data = Directory.CreateTempSubdirectory("flash-sale-");
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        using var host = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll, "--urls", baseUrl, $"--Platform:Embedded:DataPath={data.FullName}", "--Logging:LogLevel:Default=Error",
                $"--Platform:Commerce:PaymentWindow={PaymentWindow:c}", "--Platform:Commerce:MaxUnpaidOrdersPerBuyer=100",
                "--Platform:Commerce:MaxUnpaidUnitsPerSku=1000",
                $"--Platform:Payments:Simulator:PublicBaseUrl={baseUrl}/", $"--Platform:Payments:Simulator:WebhookUrl={baseUrl}/api/payments/webhook",
            },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        host.OutputDataReceived += (_, _) => { };
        host.ErrorDataReceived += (_, _) => { };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };
        try
        {
            await WaitForAsync(http, host);
            var brand = await TokenAsync(http, """{"userId":"flashbrand","roles":["brand"],"brandIds":["flashbrand"]}""");
            await SendAsync(http, HttpMethod.Put, "/api/brands/flashbrand", brand, """{"name":"Flash"}""");
            var shop = (await SendAsync(http, HttpMethod.Post, "/api/brands/flashbrand/shops", brand, """{"name":"Flash shop","currency":"CNY"}"""))!["id"]!.GetValue<string>();
            var tokens = await Task.WhenAll(Enumerable.Range(0, buyers).Select(i => TokenAsync(http, $$"""{"userId":"fan-{{i}}"}""")));

            var spreadSkus = new List<string>();
            for (var i = 0; i < 20; i++)
            {
                spreadSkus.Add((await ProductAsync(http, shop, brand, $"p{i}", 1_000_000)).Sku);
            }

            // Warm-up (JIT, connections, caches), not counted.
            await CheckoutForAsync(http, tokens, [.. spreadSkus], TimeSpan.FromSeconds(2), connections);
            var spread = await CheckoutForAsync(http, tokens, [.. spreadSkus], TimeSpan.FromSeconds(seconds), connections);
            Print("spread (20 SKUs)", spread);
            var hot = await CheckoutForAsync(http, tokens, [(await ProductAsync(http, shop, brand, "hot", 1_000_000)).Sku], TimeSpan.FromSeconds(seconds), connections);
            Print("hot (1 SKU)", hot);

            // The drop: every buyer once, all at once (the connections are the concurrency).
            var (dropProduct, dropSku) = await ProductAsync(http, shop, brand, "drop", units);
            var drop = await DropAsync(http, tokens, dropSku, connections);
            Print($"drop ({buyers:N0} buyers, {units} units)", drop);
            var availableAfterDrop = await AvailableAsync(http, dropProduct);
            var orders = drop.Orders;
            Console.WriteLine($"  drop: {orders.Count} orders (201), {drop.OutOfStock} sold out (409), {drop.Other} other; available now {availableAfterDrop}");

            // Half cancelled by their buyers, half left to lapse; then every unit must be back.
            var cancelled = 0;
            foreach (var (orderId, buyer) in orders.Where((_, i) => i % 2 == 0))
            {
                using var response = await SendRawAsync(http, HttpMethod.Post, $"/api/orders/{orderId}/cancel", tokens[buyer], null);
                cancelled += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
            }

            var waited = Stopwatch.StartNew();
            int available;
            while ((available = await AvailableAsync(http, dropProduct)) < units && waited.Elapsed < PaymentWindow + TimeSpan.FromSeconds(60))
            {
                await Task.Delay(1000);
            }

            Console.WriteLine($"  {cancelled} cancelled, {orders.Count - cancelled} left to lapse; available {available} after {waited.Elapsed.TotalSeconds:0} s");
            await StopAsync(host);
            var level = await new StockLedger(new SqliteDocumentStore(new SqliteDatabase(Path.Combine(data.FullName, "documents.db"))),
                Options.Create(new CommerceOptions()), TimeProvider.System, NullLogger<StockLedger>.Instance).GetAsync(dropSku, default);
            var accounted = level.Available + level.Held + level.Sold == units && level.Available == units && availableAfterDrop == 0;
            Console.WriteLine($"  accounting: available {level.Available} + held {level.Held} + sold {level.Sold} = {level.Available + level.Held + level.Sold} "
                + $"of {units} ({level.Shards} shards): {(accounted ? "every unit back" : "MISMATCH")}");
            return new Figures(name, spread, hot, drop, orders.Count, accounted);
        }
        finally
        {
            await StopAsync(host);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    /// <summary>Connections × workers each checking out one unit (round-robin buyers and SKUs) until the time is up.</summary>
    private static async Task<Run> CheckoutForAsync(HttpClient http, string[] tokens, string[] skus, TimeSpan duration, int connections)
    {
        var latencies = new List<double>[connections];
        var (created, other) = (0, 0);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            while (clock.Elapsed < duration)
            {
                var i = Interlocked.Increment(ref next);
                var started = Stopwatch.GetTimestamp();
                using var response = await CheckoutAsync(http, tokens[i % tokens.Length], skus[i % skus.Length]);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                _ = response.StatusCode == HttpStatusCode.Created ? Interlocked.Increment(ref created) : Interlocked.Increment(ref other);
            }
        })));
        clock.Stop();
        return Run.Of(latencies, created / clock.Elapsed.TotalSeconds, clock.Elapsed, created, 0, other, []);
    }

    private static async Task<Run> DropAsync(HttpClient http, string[] tokens, string sku, int connections)
    {
        var latencies = new List<double>[connections];
        var orders = new List<(string OrderId, int Buyer)>();
        var (outOfStock, other) = (0, 0);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            int i;
            while ((i = Interlocked.Increment(ref next)) < tokens.Length)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await CheckoutAsync(http, tokens[i], sku);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
                    lock (orders)
                    {
                        orders.Add((id, i));
                    }
                }
                else
                {
                    _ = response.StatusCode == HttpStatusCode.Conflict ? Interlocked.Increment(ref outOfStock) : Interlocked.Increment(ref other);
                }
            }
        })));
        clock.Stop();
        return Run.Of(latencies, tokens.Length / clock.Elapsed.TotalSeconds, clock.Elapsed, orders.Count, outOfStock, other, orders);
    }

    private static Task<HttpResponseMessage> CheckoutAsync(HttpClient http, string token, string sku)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout")
        {
            Content = new StringContent($$"""{"shippingAddress":{{Address}},"items":[{"skuId":"{{sku}}","quantity":1}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        return http.SendAsync(request);
    }

    private static void Print(string phase, Run run) =>
        Console.WriteLine($"  {phase,-28} {run.Rate,8:N0}/s ({run.Created:N0} orders in {run.Elapsed.TotalSeconds:0.0} s, {run.Other} failed)  "
            + $"p50 {run.P50:N0} ms  p99 {run.P99:N0} ms  max {run.Max:N0} ms");

    private static async Task<(string Product, string Sku)> ProductAsync(HttpClient http, string shop, string brand, string title, int stock)
    {
        var product = (await SendAsync(http, HttpMethod.Post, $"/api/shops/{shop}/products", brand,
            $$"""{"title":"{{title}}","skus":[{"priceMinor":9900,"stock":{{stock}}}]}"""))!;
        return (product["id"]!.GetValue<string>(), product["skus"]![0]!["id"]!.GetValue<string>());
    }

    private static async Task<int> AvailableAsync(HttpClient http, string product) =>
        (await http.GetFromJsonAsync<JsonObject>($"/api/products/{product}"))!["skus"]![0]!["available"]!.GetValue<int>();

    private static async Task<string> TokenAsync(HttpClient http, string body)
    {
        using var response = await http.PostAsync("/dev/token", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    }

    private static async Task<JsonObject?> SendAsync(HttpClient http, HttpMethod method, string path, string token, string? body)
    {
        using var response = await SendRawAsync(http, method, path, token, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonObject>();
    }

    private static Task<HttpResponseMessage> SendRawAsync(HttpClient http, HttpMethod method, string path, string token, string? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    private static async Task WaitForAsync(HttpClient http, Process host)
    {
        for (var i = 0; i < 600; i++)
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {host.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync("/api/shops/none");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }

        throw new TimeoutException("The host did not answer.");
    }

    private static async Task StopAsync(Process host)
    {
        if (!host.HasExited)
        {
            host.Kill();
            await host.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }

    private static void Execute(string file, string arguments)
    {
        using var process = Process.Start(file, arguments)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed with {process.ExitCode}.");
        }
    }

    private sealed record Run(double Rate, TimeSpan Elapsed, int Created, int OutOfStock, int Other, double P50, double P99, double Max,
        IReadOnlyList<(string OrderId, int Buyer)> Orders)
    {
        public static Run Of(List<double>[] latencies, double rate, TimeSpan elapsed, int created, int outOfStock, int other,
            IReadOnlyList<(string OrderId, int Buyer)> orders)
        {
            var sorted = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
            double At(double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
            return new Run(rate, elapsed, created, outOfStock, other, At(50), At(99), sorted.Length == 0 ? 0 : sorted[^1], orders);
        }
    }

    private sealed record Figures(string Name, Run Spread, Run Hot, Run Drop, int Orders, bool Accounted);
}
