using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Core.Notes;
using Platform.Core.Search;
using Platform.Tests.Support;
using Xunit.Abstractions;

namespace Platform.Tests.Search;

/// <summary>
/// Search end to end on the embedded host: a note written over HTTP travels as an event (outbox → durable queue → search
/// handler) into the Lucene index and is found over HTTP; deleting, hiding and editing it follow the same path.
/// </summary>
public sealed class SearchApiTests(ITestOutputHelper output) : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    public void Dispose() => _platform.Dispose();

    private async Task<NoteResponse> PostNoteAsync(HttpClient client, object body)
    {
        var created = await client.PostAsJsonAsync("/api/notes", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<NoteResponse>())!;
    }

    private Task<SearchNotesResponse?> SearchAsync(string query) =>
        _platform.CreateClient().GetFromJsonAsync<SearchNotesResponse>("/api/search/notes?" + query);

    /// <summary>Searches until <paramref name="done"/> holds, and says how long that took (the index is updated asynchronously).</summary>
    private async Task<(SearchNotesResponse Result, TimeSpan Took)> SearchUntilAsync(string query, Func<SearchNotesResponse, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var result = (await SearchAsync(query))!;
            if (done(result))
            {
                return (result, clock.Elapsed);
            }

            // Generous on a shared build machine; the report gives the measured figure.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"'{query}' did not reach the expected state: {JsonSerializer.Serialize(result)}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_published_note_becomes_findable_and_a_deleted_one_disappears()
    {
        var alice = _platform.ClientFor("alice");
        var note = await PostNoteAsync(alice, new { title = "夏天防晒霜推荐", body = "清爽不油腻 #防晒 #夏日护肤" });

        var (found, took) = await SearchUntilAsync("q=" + Uri.EscapeDataString("防晒霜 推荐"), r => r.Items.Any(h => h.Id == note.Id));
        output.WriteLine($"findable after {took.TotalMilliseconds:F0} ms");
        var hit = Assert.Single(found.Items);
        Assert.Equal(("夏天防晒霜推荐", "alice"), (hit.Title, hit.AuthorId));
        Assert.Equal("夏天<em>防晒霜推荐</em>", hit.Highlights!.Title);
        Assert.Contains(new TopicFacet("防晒", 1), found.Topics);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/notes/{note.Id}")).StatusCode);
        var (_, gone) = await SearchUntilAsync("q=" + Uri.EscapeDataString("防晒霜"), r => r.Items.Count == 0);
        output.WriteLine($"gone after {gone.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task An_edit_is_reflected_and_a_private_note_is_never_found()
    {
        var alice = _platform.ClientFor("alice");
        var hidden = await PostNoteAsync(alice, new { title = "私密 咖啡 日记", body = "", visibility = "Private" });
        var note = await PostNoteAsync(alice, new { title = "咖啡 探店", body = "#上海" });
        await SearchUntilAsync("q=" + Uri.EscapeDataString("探店"), r => r.Items.Count == 1);

        var edit = new HttpRequestMessage(HttpMethod.Patch, $"/api/notes/{note.Id}") { Content = JsonContent.Create(new { title = "奶茶 探店" }) };
        edit.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{note.ETag}\""));
        Assert.Equal(HttpStatusCode.OK, (await alice.SendAsync(edit)).StatusCode);

        var (result, _) = await SearchUntilAsync("q=" + Uri.EscapeDataString("奶茶"), r => r.Items.Count == 1);
        Assert.Equal(note.Id, result.Items[0].Id);
        Assert.Empty((await SearchAsync("q=" + Uri.EscapeDataString("咖啡")))!.Items);
        Assert.DoesNotContain((await SearchAsync(""))!.Items, h => h.Id == hidden.Id);
    }

    [Fact]
    public async Task Topics_sorting_paging_and_suggestions_over_http()
    {
        var bob = _platform.ClientFor("bob");
        var ids = new List<string>();
        foreach (var i in Enumerable.Range(1, 5))
        {
            ids.Add((await PostNoteAsync(bob, new { title = $"秋冬穿搭 第{i}套", body = i % 2 == 0 ? "#OOTD #秋冬" : "#秋冬" })).Id);
        }

        var (all, _) = await SearchUntilAsync("q=" + Uri.EscapeDataString("穿搭") + "&sort=latest&pageSize=2", r => r.Total == 5);
        Assert.Equal([ids[4], ids[3]], all.Items.Select(h => h.Id));
        Assert.Equal([new TopicFacet("秋冬", 5), new TopicFacet("ootd", 2)], all.Topics);

        var second = (await SearchAsync("q=" + Uri.EscapeDataString("穿搭") + "&sort=latest&pageSize=2&continuation=" + all.Continuation))!;
        var third = (await SearchAsync("q=" + Uri.EscapeDataString("穿搭") + "&sort=latest&pageSize=2&continuation=" + second.Continuation))!;
        Assert.Equal([ids[2], ids[1], ids[0]], second.Items.Concat(third.Items).Select(h => h.Id));
        Assert.Null(third.Continuation);

        Assert.Equal(2, (await SearchAsync("q=" + Uri.EscapeDataString("#ootd 穿搭")))!.Total);
        Assert.Equal(2, (await SearchAsync("topic=" + Uri.EscapeDataString("#OOTD")))!.Total);

        var suggestions = await _platform.CreateClient().GetFromJsonAsync<SuggestResponse>("/api/search/suggest?q=" + Uri.EscapeDataString("秋冬穿"));
        Assert.Equal(5, suggestions!.Items.Count);
        Assert.All(suggestions.Items, s => Assert.StartsWith("秋冬穿搭", s.Text, StringComparison.Ordinal));
        Assert.Empty((await _platform.CreateClient().GetFromJsonAsync<SuggestResponse>("/api/search/suggest?q="))!.Items);
    }

    [Theory]
    [InlineData("sort=best", "search.invalid_sort")]
    [InlineData("continuation=not-a-token", "request.invalid_continuation")]
    [InlineData("pageSize=0", "request.invalid_query")]
    public async Task Bad_parameters_are_400_problems(string query, string code)
    {
        var response = await _platform.CreateClient().GetAsync("/api/search/notes?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_query_over_the_length_limit_is_a_400()
    {
        var response = await _platform.CreateClient().GetAsync("/api/search/notes?q=" + new string('搜', 101));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("search.query_too_long", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
