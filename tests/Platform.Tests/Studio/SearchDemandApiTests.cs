using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Platform.Core.Common;
using Platform.Core.Notes;
using Platform.Core.Studio.Analytics;
using Platform.Tests.Support;

namespace Platform.Tests.Studio;

/// <summary>Readers' searches over HTTP become the brand's search demand, read by its members only.</summary>
public sealed class SearchDemandApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new(new Dictionary<string, string?>
    {
        ["Platform:SearchLog:FlushWindow"] = "00:00:00",
        ["Platform:SearchLog:MinSearches"] = "3",
    });

    public void Dispose() => _platform.Dispose();

    [Fact]
    public async Task A_query_readers_search_in_the_brands_topic_and_find_little_shows_as_a_content_gap()
    {
        var creator = _platform.ClientFor("creator-1");
        var member = _platform.ClientFor("lee", ["brand"], ["acme"]);
        await Collaboration.CollaborationApiTests.PartnerAsync(member, creator, "acme", "creator-1");
        var created = await creator.PostAsJsonAsync("/api/notes", new { title = "3个防晒小技巧", body = "清爽 #防晒", sponsored = true, partnerBrandId = "acme" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var reader = _platform.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/search/notes?q=" + Uri.EscapeDataString("防晒 喷雾"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/search/notes?q=" + Uri.EscapeDataString("露营 装备"))).StatusCode);
        }

        var waited = Stopwatch.StartNew();
        SearchDemandResponse demand;
        while (true)
        {
            demand = (await member.GetFromJsonAsync<SearchDemandResponse>("/api/brands/acme/analytics/search-demand", PlatformJson.Options))!;
            if (demand.Queries.Any(q => q.Searches >= 3))
            {
                break;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), $"no demand showed: {System.Text.Json.JsonSerializer.Serialize(demand)}");
            await Task.Delay(50);
        }

        Assert.Contains("防晒", demand.Topics);
        var gap = Assert.Single(demand.Queries);
        Assert.Equal(("防晒 喷雾", 3L, true), (gap.Query, gap.Searches, gap.ContentGap));
        Assert.Equal(0.0, gap.AverageGoodResults);     // the note matches one word of two: a partial match, not a good one

        Assert.Equal(HttpStatusCode.Forbidden, (await _platform.ClientFor("bob", ["brand"], ["globex"]).GetAsync("/api/brands/acme/analytics/search-demand")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync("/api/brands/acme/analytics/search-demand")).StatusCode);
    }
}
