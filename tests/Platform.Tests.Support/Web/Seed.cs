using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Tests.Web;

/// <summary>Puts data in place through the public HTTP API (as other people's clients would) before a journey starts.</summary>
public static class Seed
{
    /// <summary>Uploads an image through an upload slot and waits until processing has made it ready.</summary>
    public static async Task<string> ImageAsync(HttpClient api, byte[] png)
    {
        using var slotResponse = await api.PostAsJsonAsync("/api/media", new { contentType = "image/png", size = png.Length });
        var slot = await ReadAsync(slotResponse);
        var mediaId = slot.GetProperty("mediaId").GetString()!;

        using var upload = new HttpRequestMessage(HttpMethod.Put, slot.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(png) };
        foreach (var header in slot.GetProperty("requiredHeaders").EnumerateObject())
        {
            if (!upload.Content.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString()))
            {
                upload.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
            }
        }

        using var storage = new HttpClient(); // storage takes the signed URL, not the API's bearer token
        using var uploaded = await storage.SendAsync(upload);
        uploaded.EnsureSuccessStatusCode();

        await UntilAsync(async () => (await api.GetFromJsonAsync<JsonElement>($"/api/media/{mediaId}")).GetProperty("status").GetString() == "Ready",
            $"media {mediaId} ready");
        return mediaId;
    }

    public static async Task<JsonElement> NoteAsync(HttpClient api, object body)
    {
        using var response = await api.PostAsJsonAsync("/api/notes", body);
        return await ReadAsync(response);
    }

    /// <summary>A brand with one shop (CNY) and one product of two SKUs; returns the product and its first SKU.</summary>
    public static async Task<(string ProductId, string SkuId)> ProductAsync(HttpClient brandMember, string brandId, string title)
    {
        using (var brand = await brandMember.PutAsJsonAsync($"/api/brands/{brandId}", new { name = $"{brandId} 美妆", description = "清爽护肤" }))
        {
            await ReadAsync(brand);
        }

        using var shopResponse = await brandMember.PostAsJsonAsync($"/api/brands/{brandId}/shops",
            new { name = $"{brandId} 旗舰店", currency = "CNY", shippingFeeMinor = 800 });
        var shop = await ReadAsync(shopResponse);
        using var productResponse = await brandMember.PostAsJsonAsync($"/api/shops/{shop.GetProperty("id").GetString()}/products", new
        {
            title,
            description = "轻薄不油腻，适合通勤",
            skus = new object[]
            {
                new { attributes = new Dictionary<string, string> { ["规格"] = "50ml" }, priceMinor = 12900, stock = 20 },
                new { attributes = new Dictionary<string, string> { ["规格"] = "100ml" }, priceMinor = 19900, stock = 5 },
            },
        });
        var product = await ReadAsync(productResponse);
        return (product.GetProperty("id").GetString()!, product.GetProperty("skus")[0].GetProperty("id").GetString()!);
    }

    /// <summary>Waits until search (indexed from note events, not at once) finds at least <paramref name="count"/> notes.</summary>
    public static Task UntilSearchFindsAsync(HttpClient api, string query, int count) =>
        UntilAsync(async () => (await api.GetFromJsonAsync<JsonElement>($"/api/search/notes?q={Uri.EscapeDataString(query)}"))
            .GetProperty("total").GetInt64() >= count, $"search for '{query}' to find {count} notes");

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"Waited {seconds} s for {what}.");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
