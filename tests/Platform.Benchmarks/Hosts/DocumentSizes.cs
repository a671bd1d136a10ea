using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Platform.Benchmarks.Hosts;

/// <summary>
/// Document sizes for the capacity plan (<c>-- document-sizes</c>, infra/CAPACITY.md): drives the Release embedded host
/// through what a day of use writes (notes of typical length, likes, collects, comments, follows, reader events, a brand
/// with a product and orders) and prints the stored JSON per collection from its documents.db: count, mean and largest
/// size in bytes. Cosmos DB adds its system properties (about 200 bytes) to each.
/// </summary>
internal static class DocumentSizes
{
    public static async Task RunAsync(string[] args)
    {
        HostProcess.BuildServers(args);
        var root = Directory.CreateTempSubdirectory("document-sizes-");
        try
        {
            var data = Directory.CreateDirectory(Path.Combine(root.FullName, "data")).FullName;
            using (var host = HostProcess.StartPlatform(data))
            {
                await host.FirstAnswerAsync("/api/health", TimeSpan.FromSeconds(120));
                using var client = new HttpClient { BaseAddress = host.Address };
                await DriveAsync(client);
                await Task.Delay(TimeSpan.FromSeconds(3)); // let the queue's consumers write counters and profiles
            }

            using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "documents.db")};Mode=ReadOnly");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT collection, COUNT(*), AVG(LENGTH(CAST(body AS BLOB))), MAX(LENGTH(CAST(body AS BLOB))) FROM documents GROUP BY collection ORDER BY collection";
            using var reader = command.ExecuteReader();
            Console.WriteLine($"{"collection",-28} {"documents",10} {"mean bytes",11} {"max bytes",10}");
            while (reader.Read())
            {
                Console.WriteLine($"{reader.GetString(0),-28} {reader.GetInt64(1),10} {reader.GetDouble(2),11:F0} {reader.GetInt64(3),10}");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            root.Delete(recursive: true);
        }
    }

    private static async Task DriveAsync(HttpClient client)
    {
        var authors = new List<(string Id, string Token)>();
        for (var i = 0; i < 5; i++)
        {
            authors.Add(($"author{i}", await TokenAsync(client, new { userId = $"author{i}" })));
        }

        var readers = new List<(string Id, string Token)>();
        for (var i = 0; i < 20; i++)
        {
            readers.Add(($"reader{i}", await TokenAsync(client, new { userId = $"reader{i}" })));
        }

        // A typical note: a title, about 300 characters of Chinese with topics, no media (media documents are separate).
        var body = string.Concat(Enumerable.Repeat("周末去了莫干山露营，天气很好，带了天幕和折叠椅，晚上有点冷，建议带厚睡袋。", 8)) + " #露营 #周末去哪儿";
        var notes = new List<string>();
        foreach (var (_, token) in authors)
        {
            for (var n = 0; n < 4; n++)
            {
                var created = await SendAsync(client, HttpMethod.Post, "/api/notes", token, new { title = $"莫干山露营清单 第{n}篇", body });
                notes.Add(created.GetProperty("id").GetString()!);
            }
        }

        foreach (var (id, token) in readers)
        {
            foreach (var note in notes.Take(6))
            {
                await SendAsync(client, HttpMethod.Put, $"/api/notes/{note}/like", token, null);
            }

            await SendAsync(client, HttpMethod.Put, $"/api/notes/{notes[0]}/collect", token, null);
            await SendAsync(client, HttpMethod.Post, $"/api/notes/{notes[1]}/comments", token, new { body = "好想去！请问营地要提前预约吗？" });
            await SendAsync(client, HttpMethod.Put, $"/api/users/{authors[0].Id}/follow", token, null);
            await SendAsync(client, HttpMethod.Post, "/api/events", token, new
            {
                deviceId = $"device-{id}-0123456789",
                events = notes.Select((n, i) => i % 5 == 4 ? (object)new { type = "view", noteId = n, dwellMs = 8000 } : new { type = "impression", noteId = n }).ToList(),
            });
            await SendAsync(client, HttpMethod.Get, "/api/feed", token, null);
        }

        // Commerce: a brand, a shop, a product, and one order per reader.
        var brand = await TokenAsync(client, new { userId = "brandowner", roles = new[] { "brand" }, brandIds = new[] { "acme" } });
        await SendAsync(client, HttpMethod.Put, "/api/brands/acme", brand, new { name = "Acme 户外" });
        var shop = (await SendAsync(client, HttpMethod.Post, "/api/brands/acme/shops", brand, new { name = "Acme 旗舰店", currency = "CNY" })).GetProperty("id").GetString();
        var product = await SendAsync(client, HttpMethod.Post, $"/api/shops/{shop}/products", brand, new
        {
            title = "轻量折叠露营椅",
            description = "铝合金支架，承重 120 公斤，收纳后 40 厘米。",
            skus = new[] { new { priceMinor = 19900, stock = 1000 } },
        });
        var sku = product.GetProperty("skus")[0].GetProperty("id").GetString();
        foreach (var (_, token) in readers)
        {
            using var checkout = new HttpRequestMessage(HttpMethod.Post, "/api/checkout")
            {
                Content = JsonContent.Create(new
                {
                    shippingAddress = new { recipientName = "王小红", phone = "13800000000", line1 = "南京西路 1266 号", city = "上海", country = "CN" },
                    items = new[] { new { skuId = sku, quantity = 1 } },
                }),
            };
            checkout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            checkout.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            (await client.SendAsync(checkout)).EnsureSuccessStatusCode();
        }
    }

    private static async Task<string> TokenAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/dev/token", request);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, string token, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
