using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Search;
using Platform.Core.Studio;
using Platform.Core.Studio.Analytics;
using Platform.Tests.Support;

namespace Platform.Tests.Studio;

/// <summary>The analytics kept from the platform's own events (embedded bus), read by brand members over HTTP.</summary>
public sealed class AnalyticsApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task Note_and_engagement_events_reach_the_brands_analytics()
    {
        var creator = _platform.ClientFor("creator-1");
        var member = _platform.ClientFor("lee", ["brand"], ["acme"]);
        await Collaboration.CollaborationApiTests.PartnerAsync(member, creator, "acme", "creator-1");
        var created = await creator.PostAsJsonAsync("/api/notes", new { title = "3个防晒小技巧", body = "清爽 #防晒", sponsored = true, partnerBrandId = "acme" });
        var note = (await created.Content.ReadFromJsonAsync<NoteResponse>(PlatformJson.Options))!;

        var metrics = await PollAsync(member, $"/api/brands/acme/analytics/notes/{note.Id}", m => m.Title == "3个防晒小技巧");
        Assert.Contains(NoteFeatures.Sponsored, metrics.Features);
        Assert.Contains(NoteFeatures.TitleNumber, metrics.Features);

        // Whoever counts engagement publishes absolute counters (note.engagement_changed).
        var bus = _platform.Services.GetRequiredService<IMessageBus>();
        await bus.PublishAsync(EngagementEvents.For(note.Id, new EngagementCounts(12, 8, 3, 1), DateTimeOffset.UtcNow), CancellationToken.None);
        metrics = await PollAsync(member, $"/api/brands/acme/analytics/notes/{note.Id}", m => m.Likes == 12);
        Assert.Equal((12, 8, 3, 1), (metrics.Likes, metrics.Collects, metrics.Comments, metrics.Shares));

        var brand = (await member.GetFromJsonAsync<StudioInsights>("/api/brands/acme/analytics", PlatformJson.Options))!;
        Assert.Equal("brand:acme", brand.Scope);
        Assert.Equal(1, brand.NoteCount);

        // Deleting the note takes it out of the aggregates.
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/notes/{note.Id}");
        Assert.Equal(HttpStatusCode.NoContent, (await creator.SendAsync(delete)).StatusCode);
        await PollAsync(member, $"/api/brands/acme/analytics/notes/{note.Id}", m => m.Removed);
        brand = (await member.GetFromJsonAsync<StudioInsights>("/api/brands/acme/analytics", PlatformJson.Options))!;
        Assert.Equal(0, brand.NoteCount);

        var outsider = _platform.ClientFor("bob", ["brand"], ["globex"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/api/brands/acme/analytics/notes/{note.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _platform.ClientFor("dan", ["brand"], ["globex"]).GetAsync($"/api/brands/globex/analytics/notes/{note.Id}")).StatusCode);
    }

    [Fact]
    public async Task Orders_are_attributed_to_the_note_that_drove_them_and_count_for_the_products_brand()
    {
        using var platform = new EmbeddedPlatform(Commerce.CommerceScenario.Settings());
        var scenario = await Commerce.CommerceScenario.StartAsync(platform);
        var buyer = scenario.Buyer("buyer-1");
        var order = await scenario.CheckoutAsync(buyer, quantity: 2);
        await scenario.PayAsync(buyer, order.Id);

        var member = platform.ClientFor("lee", ["brand"], [Commerce.CommerceScenario.BrandId]);
        // The creator's note is not sponsored, but it tags acme's product, so it is one of acme's notes.
        var metrics = await PollAsync(member, $"/api/brands/acme/analytics/notes/{scenario.NoteId}", m => m.Orders == 1);
        Assert.Equal(258m, metrics.Revenue);
        // The note's metrics are stored before the scopes they count in are moved: wait for the brand's aggregate too.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var brand = (await member.GetFromJsonAsync<StudioInsights>("/api/brands/acme/analytics", PlatformJson.Options, limit.Token))!;
        while (!brand.Features.Any(f => f.Key == NoteFeatures.Organic && f.Orders == 1))
        {
            await Task.Delay(50, limit.Token);
            brand = (await member.GetFromJsonAsync<StudioInsights>("/api/brands/acme/analytics", PlatformJson.Options, limit.Token))!;
        }

        Assert.Contains(brand.Features, f => f.Key == NoteFeatures.Organic && f.Orders == 1 && f.Revenue == 258m);
    }

    public void Dispose() => _platform.Dispose();

    private static async Task<NoteMetricsResponse> PollAsync(HttpClient client, string url, Func<NoteMetricsResponse, bool> until)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var response = await client.GetAsync(url, limit.Token);
            if (response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<NoteMetricsResponse>(PlatformJson.Options, limit.Token))! is { } m && until(m))
            {
                return m;
            }

            await Task.Delay(50, limit.Token);
        }
    }
}

/// <summary>Exemplars are retrieved from search on the brief's topics and ranked by what engages.</summary>
public sealed class SearchExemplarTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task Exemplars_come_from_search_on_the_topic_best_engaging_first_without_authors()
    {
        var ids = new List<string>();
        foreach (var (title, body) in new[] { ("防晒一", "清爽 #防晒"), ("防晒二", "好用 #防晒"), ("防晒三", "通勤 #防晒"), ("旅行", "海边 #旅行") })
        {
            var created = await _platform.ClientFor("author-x").PostAsJsonAsync("/api/notes", new { title, body });
            ids.Add((await created.Content.ReadFromJsonAsync<NoteResponse>(PlatformJson.Options))!.Id);
        }

        // Wait until search has indexed them (the indexer runs from note events).
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            var index = _platform.Services.GetRequiredService<ISearchIndex>();
            while ((await index.SearchAsync(new NoteSearchQuery { Topics = [SearchText.TopicKey("防晒")] }, limit.Token)).Total < 3)
            {
                await Task.Delay(50, limit.Token);
            }
        }

        var analytics = _platform.Services.GetRequiredService<ContentAnalyticsHandler>();
        var rates = new[] { 0.02, 0.12, 0.06, 0.5 };
        for (var i = 0; i < ids.Count; i++)
        {
            await analytics.HandleAsync(new ContentEvent { EventId = $"v{i}", NoteId = ids[i], Kind = ContentEventKind.View, Delta = 100 }, CancellationToken.None);
            await analytics.HandleAsync(new ContentEvent
            {
                EventId = $"t{i}", NoteId = ids[i], Kind = ContentEventKind.Totals, Totals = new EngagementTotals(Likes: (long)(rates[i] * 100)),
            }, CancellationToken.None);
        }

        var exemplars = await _platform.Services.GetRequiredService<IExemplarSource>()
            .FindAsync(new ExemplarQuery("防晒", ["防晒"], "zh", 2), CancellationToken.None);

        Assert.Equal(["防晒二", "防晒三"], exemplars.Select(e => e.Title));
        Assert.Equal(0.12, exemplars[0].EngagementRate, 6);
    }

    public void Dispose() => _platform.Dispose();
}
