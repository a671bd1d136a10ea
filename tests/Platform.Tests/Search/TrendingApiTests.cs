using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Search;
using Platform.Core.Storage;
using Platform.Tests.Support;

namespace Platform.Tests.Search;

/// <summary>Searches over HTTP feed trending over HTTP, on the embedded host, and the log never learns who searched.</summary>
public sealed class TrendingApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new(new Dictionary<string, string?>
    {
        ["Platform:SearchLog:FlushWindow"] = "00:00:00",
        ["Platform:SearchLog:MinSearches"] = "3",
    });

    public void Dispose() => _platform.Dispose();

    [Fact]
    public async Task What_readers_searched_shows_in_trending_without_who_searched_it()
    {
        var alice = _platform.ClientFor("alice-searcher");
        var anonymous = _platform.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/search/notes?q=" + Uri.EscapeDataString("护肤 面霜"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/search/notes?q=" + Uri.EscapeDataString("護膚 面霜"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/search/notes?q=" + Uri.EscapeDataString("护肤  面霜"))).StatusCode);

        var waited = Stopwatch.StartNew();
        TrendingSearchesResponse trending;
        while (true)
        {
            trending = (await anonymous.GetFromJsonAsync<TrendingSearchesResponse>("/api/search/trending"))!;
            if (trending.LastHour.Any(t => t.Searches >= 3))
            {
                break;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), $"the searches never trended: {JsonSerializer.Serialize(trending)}");
            await Task.Delay(20);
        }

        var top = Assert.Single(trending.LastHour);
        Assert.Equal(("护肤 面霜", 3L), (top.Query, top.Searches));
        Assert.Equal(["护肤 面霜"], trending.LastDay.Select(t => t.Query));

        var store = _platform.Services.GetRequiredService<IDocumentStore>();
        var stored = new List<string>();
        foreach (var key in new[] { trending.AsOf, trending.AsOf.AddHours(-1) }.Select(SearchLogHour.KeyOf))
        {
            if (await store.FindAsync<JsonElement>(Collections.SearchLog, key, key, default) is { } hour)
            {
                stored.Add(JsonSerializer.Serialize(hour.Value));
            }
        }

        Assert.NotEmpty(stored);
        Assert.All(stored, document => Assert.DoesNotContain("alice", document, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("count=0")]
    [InlineData("count=many")]
    public async Task A_bad_count_is_a_problem_not_an_error(string query)
    {
        var response = await _platform.CreateClient().GetAsync("/api/search/trending?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("request.invalid_query", problem.GetProperty("code").GetString());
    }
}
