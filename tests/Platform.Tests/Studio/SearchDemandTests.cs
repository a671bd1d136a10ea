using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Search;
using Platform.Core.Storage;
using Platform.Core.Studio.Analytics;
using Platform.Embedded.Storage;

namespace Platform.Tests.Studio;

/// <summary>Search demand for a brand: queries in its topics from the anonymous search log, with volumes, trend and gaps.</summary>
public sealed class SearchDemandTests : IDisposable
{
    // A Wednesday noon: the 14-day window is 2026-05-21 .. 2026-06-03.
    private static readonly DateTimeOffset Now = new(2026, 6, 3, 12, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("search-demand-");
    private readonly FakeTimeProvider _clock = new(Now.AddDays(-10));
    private readonly SearchLogOptions _options = new() { MinSearches = 3 };
    private readonly SqliteDocumentStore _store;
    private readonly SearchLog _log;
    private readonly SearchDemand _demand;
    private readonly Caller _member = Member("lee", "acme");

    public SearchDemandTests()
    {
        _store = new SqliteDocumentStore(new SqliteDatabase(Path.Combine(_folder.FullName, "documents.db")));
        _log = new SearchLog(_store, Options.Create(_options), Options.Create(new SearchOptions()), _clock, NullLogger<SearchLog>.Instance);
        _demand = new SearchDemand(_store, Options.Create(_options), _clock);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static Caller Member(string userId, string brandId) =>
        new(userId, null, new HashSet<string> { "brand" }, new HashSet<string> { brandId });

    private async Task BrandTopicsAsync(params string[] topics)
    {
        var features = topics.ToDictionary(t => "topic:" + t, _ => new FeatureTotals(1, 10, 1, 0, 0, 0), StringComparer.Ordinal);
        features["title.number"] = new FeatureTotals(1, 10, 1, 0, 0, 0);
        var scope = ContentScopes.Brand("acme");
        await _store.UpsertAsync(Collections.ContentAggregates, scope, scope, new ContentAggregate { Scope = scope, Features = features }, default);
    }

    private async Task SearchAsync(string query, int times, long total, long good)
    {
        for (var i = 0; i < times; i++)
        {
            _log.Record(query, new SearchOutcome(total, good));
        }

        await _log.FlushAsync(default);
    }

    [Fact]
    public async Task Queries_in_the_brands_topics_show_with_volumes_trend_and_content_gaps_first()
    {
        await BrandTopicsAsync("防晒", "猫咪");
        await SearchAsync("防晒霜 推荐", 2, total: 40, good: 25);     // day 4: last week
        await SearchAsync("敏感肌 防晒", 4, total: 0, good: 0);
        _clock.Advance(TimeSpan.FromDays(8));
        await SearchAsync("防晒霜 推荐", 6, total: 40, good: 25);     // day 12: this week
        await SearchAsync("敏感肌 防晒", 2, total: 1, good: 1);
        await SearchAsync("主子 挑食", 3, total: 2, good: 1);         // slang for 猫: matched through the synonym list
        await SearchAsync("露营 装备", 9, total: 0, good: 0);         // not one of the brand's topics
        await SearchAsync("防晒 喷雾", 2, total: 0, good: 0);         // too few searches to show
        _clock.Advance(TimeSpan.FromDays(2));

        var demand = await _demand.ForBrandAsync(_member, "acme", default);

        Assert.Equal(["猫咪", "防晒"], demand.Topics.Order(StringComparer.Ordinal));
        Assert.Equal((new DateOnly(2026, 5, 21), new DateOnly(2026, 6, 3)), (demand.From, demand.To));
        Assert.Equal(["主子 挑食", "敏感肌 防晒", "防晒霜 推荐"], demand.Queries.Select(q => q.Query));

        var gap = demand.Queries.Single(q => q.Query == "敏感肌 防晒");
        Assert.True(gap.ContentGap);
        Assert.Equal((2L, 4L, -0.5), (gap.Searches, gap.PreviousSearches, gap.Change));
        Assert.Equal(4.0 / 6, gap.ZeroResultRate!.Value, 3);
        Assert.Equal(2.0 / 6, gap.AverageGoodResults!.Value, 2);
        Assert.Equal(["防晒"], gap.Topics);
        Assert.Equal(SearchDemand.Days, gap.Daily.Count);
        Assert.Equal(4, gap.Daily[3]);
        Assert.Equal(2, gap.Daily[11]);
        Assert.Equal(6, gap.Daily.Sum());

        var served = demand.Queries.Single(q => q.Query == "防晒霜 推荐");
        Assert.False(served.ContentGap);
        Assert.Equal((6L, 2L, 2.0), (served.Searches, served.PreviousSearches, served.Change));
        Assert.Equal((0.0, 10.0), (served.ZeroResultRate, served.AverageGoodResults));   // good results count at most 10 a search

        Assert.Equal(["猫咪"], demand.Queries.Single(q => q.Query == "主子 挑食").Topics);
    }

    [Fact]
    public async Task Only_the_brands_members_may_read_it_and_a_brand_without_topics_sees_nothing()
    {
        await SearchAsync("防晒", 5, total: 0, good: 0);

        var e = await Assert.ThrowsAsync<PlatformException>(() => _demand.ForBrandAsync(Member("bob", "globex"), "acme", default));
        Assert.Equal("studio.not_brand_member", e.Code);
        Assert.Empty((await _demand.ForBrandAsync(_member, "acme", default)).Queries);
    }

    [Fact]
    public void A_query_is_about_a_topic_it_names_contains_or_says_with_a_synonym()
    {
        (string, string)[] topics = [("防晒", "防晒"), ("猫咪", "猫咪"), ("OOTD", "ootd"), ("旅行", "旅行")];

        Assert.Equal(["防晒"], SearchDemand.TopicsOf("防曬霜 推薦", topics));   // Traditional, folded
        Assert.Equal(["猫咪"], SearchDemand.TopicsOf("#猫咪", topics));
        Assert.Equal(["OOTD"], SearchDemand.TopicsOf("ootd 秋冬", topics));
        Assert.Equal(["旅行"], SearchDemand.TopicsOf("成都 旅游", topics));       // synonym
        Assert.Empty(SearchDemand.TopicsOf("咖啡", topics));
    }
}
