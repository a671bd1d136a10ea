using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Integrity;
using Platform.Core.Search;
using Platform.Core.Storage;
using Platform.Embedded.Storage;

namespace Platform.Tests.Search;

/// <summary>The anonymous search log (what it stores, how long) and trending searches read from it (decay, thresholds, bans).</summary>
public sealed class TrendingSearchesTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 10, 0, TimeSpan.Zero);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("search-log-");
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly SearchLogOptions _options = new() { Retention = TimeSpan.FromDays(2), HalfLife = TimeSpan.FromHours(6), MinSearches = 3 };
    private readonly SqliteDocumentStore _store;
    private readonly SearchLog _log;
    private readonly TrendingSearches _trending;

    public TrendingSearchesTests()
    {
        _store = new SqliteDocumentStore(new SqliteDatabase(Path.Combine(_folder.FullName, "documents.db")));
        _log = new SearchLog(_store, Options.Create(_options), Options.Create(new SearchOptions()), _clock, NullLogger<SearchLog>.Instance);
        var integrity = new IntegrityEngine(new IntegrityOptions(), [("假货", IntegrityOutcome.Reject)]);
        _trending = new TrendingSearches(_store, integrity, Options.Create(_options), _clock);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private void Search(string query, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _log.Record(query);
        }
    }

    private async Task<JsonElement?> HourDocumentAsync(DateTimeOffset at)
    {
        var key = SearchLogHour.KeyOf(at);
        return (await _store.FindAsync<JsonElement>(Collections.SearchLog, key, key, default))?.Value;
    }

    [Fact]
    public async Task The_log_keeps_only_the_normalised_query_and_a_count_per_hour()
    {
        Search("  防晒 霜 ", 2);
        Search("防晒　霜", 1);       // ideographic space
        Search("ＳＰＦ５０ 護膚", 1); // full-width, Traditional
        Search("   ", 5);
        _log.Record("防晒 霜", new SearchOutcome(Total: 0, Good: 0));
        await _log.FlushAsync(default);

        var document = (await HourDocumentAsync(Start))!.Value;
        var properties = document.EnumerateObject().Select(p => p.Name).Where(n => n is not ("id" or "pk")).Order().ToList();
        Assert.Equal(["counts", "hour", "results"], properties);
        var results = document.GetProperty("results").EnumerateObject().Single();
        Assert.Equal("防晒 霜", results.Name);
        Assert.Equal(["empty", "good", "searches"], results.Value.EnumerateObject().Select(p => p.Name).Order());
        var counts = document.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["防晒 霜"] = 4, ["spf50 护肤"] = 1 }, counts);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero), document.GetProperty("hour").GetDateTimeOffset());
    }

    [Fact]
    public async Task Counts_of_several_flushes_add_up_in_the_same_hour()
    {
        Search("露营", 2);
        await _log.FlushAsync(default);
        _clock.Advance(TimeSpan.FromMinutes(20));
        Search("露营", 3);
        await _log.FlushAsync(default);

        var counts = (await HourDocumentAsync(Start))!.Value.GetProperty("counts");
        Assert.Equal(5, counts.GetProperty("露营").GetInt64());
    }

    [Fact]
    public async Task Searches_are_written_after_the_flush_window_without_anyone_awaiting_them()
    {
        Search("咖啡", 1);
        Assert.Null(await HourDocumentAsync(Start));

        _clock.Advance(_options.FlushWindow);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await HourDocumentAsync(Start) is null)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the flush after the window never wrote the hour");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Hours_past_retention_are_deleted_and_never_trend()
    {
        Search("旧闻", 10);
        await _log.FlushAsync(default);
        Assert.NotNull(await HourDocumentAsync(Start));

        _clock.Advance(_options.Retention + TimeSpan.FromHours(1));
        Search("新闻", 3);
        await _log.FlushAsync(default);

        Assert.Null(await HourDocumentAsync(Start));
        Assert.NotNull(await HourDocumentAsync(_clock.GetUtcNow()));
        var trending = await _trending.GetAsync(null, default);
        Assert.DoesNotContain(trending.LastDay, t => t.Query == "旧闻");
    }

    [Fact]
    public async Task Trending_weighs_recent_searches_more_and_the_last_hour_holds_only_recent_ones()
    {
        Search("昨晚的剧", 12);      // 20 hours ago: 12 × 0.5^(20/6) ≈ 1.2
        await _log.FlushAsync(default);
        _clock.Advance(TimeSpan.FromHours(14));
        Search("早餐", 6);          // 6 hours ago: 6 × 0.5 ≈ 3
        await _log.FlushAsync(default);
        _clock.Advance(TimeSpan.FromHours(6));
        Search("台风", 4);          // now: 4
        await _log.FlushAsync(default);

        var trending = await _trending.GetAsync(null, default);

        Assert.Equal(["台风", "早餐", "昨晚的剧"], trending.LastDay.Select(t => t.Query));
        Assert.Equal([4L, 6L, 12L], trending.LastDay.Select(t => t.Searches));
        Assert.True(trending.LastDay[0].Score > trending.LastDay[1].Score && trending.LastDay[1].Score > trending.LastDay[2].Score);
        Assert.Equal(["台风"], trending.LastHour.Select(t => t.Query));
        Assert.Equal(["台风", "早餐"], (await _trending.GetAsync(2, default)).LastDay.Select(t => t.Query));
    }

    [Fact]
    public async Task Rare_queries_and_queries_the_integrity_rules_ban_never_trend()
    {
        Search("春季穿搭", 5);
        Search("张三的手机号", 2);     // below MinSearches: one reader's query stays private
        Search("高仿假货", 50);        // a banned term
        Search("加微信 领福利", 50);    // a contact lure
        Search("最好的面霜", 50);       // an absolute claim: not for a list the platform itself shows
        await _log.FlushAsync(default);

        var trending = await _trending.GetAsync(null, default);

        Assert.Equal(["春季穿搭"], trending.LastDay.Select(t => t.Query));
        Assert.Equal(["春季穿搭"], trending.LastHour.Select(t => t.Query));
    }
}
