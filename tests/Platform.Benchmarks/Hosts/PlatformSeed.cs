using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Benchmarks.Hosts;

/// <summary>
/// A data folder for the host benchmarks, written through the API of a running embedded host: one note read by everybody
/// (liked by the signed-in reader, so the signed-in answer carries viewer state), its two answers saved for the bare
/// Kestrel app to serve, and optionally a small corpus for search.
/// </summary>
internal sealed record PlatformSeed(string DataPath, string NoteId, string ReaderToken, string AnonymousJsonFile, string SignedInJsonFile)
{
    public static readonly string[] SearchWords = ["露营", "咖啡", "穿搭", "护肤", "徒步", "烘焙", "旅行", "读书"];

    public static async Task<PlatformSeed> CreateAsync(string root, int searchNotes = 0)
    {
        var dataPath = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        using var host = HostProcess.StartPlatform(dataPath);
        await host.FirstAnswerAsync("/api/health", TimeSpan.FromSeconds(120));
        using var client = new HttpClient { BaseAddress = host.Address };
        var author = await TokenAsync(client, "benchauthor");
        var reader = await TokenAsync(client, "benchreader");

        var noteId = await CreateNoteAsync(client, author, "周末露营清单", "#露营 带上天幕、折叠椅和咖啡壶，山里晚上很冷，记得睡袋。");
        using (var like = new HttpRequestMessage(HttpMethod.Put, $"/api/notes/{noteId}/like"))
        {
            like.Headers.Authorization = new AuthenticationHeaderValue("Bearer", reader);
            (await client.SendAsync(like)).EnsureSuccessStatusCode();
        }

        for (var i = 0; i < searchNotes; i++)
        {
            var word = SearchWords[i % SearchWords.Length];
            var other = SearchWords[(i * 7 + 3) % SearchWords.Length];
            await CreateNoteAsync(client, author, $"{word}笔记 {i}", $"#{word} 第{i}篇：关于{word}和{other}的一些心得，分享给大家。");
        }

        if (searchNotes > 0)
        {
            // Indexing follows the outbox and the queue: wait until the last note is findable.
            var last = SearchWords[(searchNotes - 1) % SearchWords.Length];
            for (var attempt = 0; attempt < 600; attempt++)
            {
                var found = await client.GetFromJsonAsync<JsonObject>($"/api/search/notes?q={Uri.EscapeDataString($"{last}笔记 {searchNotes - 1}")}");
                if (found?["items"]?.AsArray().Any(n => (string?)n?["title"] == $"{last}笔记 {searchNotes - 1}") == true)
                {
                    break;
                }

                await Task.Delay(100);
            }
        }

        var anonymous = Path.Combine(root, "note-anonymous.json");
        await File.WriteAllBytesAsync(anonymous, await client.GetByteArrayAsync($"/api/notes/{noteId}"));
        var signedIn = Path.Combine(root, "note-signed-in.json");
        using (var read = new HttpRequestMessage(HttpMethod.Get, $"/api/notes/{noteId}"))
        {
            read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", reader);
            using var response = await client.SendAsync(read);
            await File.WriteAllBytesAsync(signedIn, await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync());
        }

        return new PlatformSeed(dataPath, noteId, reader, anonymous, signedIn);
    }

    private static async Task<string> TokenAsync(HttpClient client, string userId)
    {
        using var response = await client.PostAsJsonAsync("/dev/token", new { userId });
        var body = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("accessToken").GetString()!;
    }

    private static async Task<string> CreateNoteAsync(HttpClient client, string token, string title, string body)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/notes") { Content = JsonContent.Create(new { title, body }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(create);
        var created = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        return created.GetProperty("id").GetString()!;
    }
}
