using Microsoft.Extensions.Logging.Abstractions;
using Platform.Core.Storage;
using Platform.Core.Studio;
using Platform.Core.Studio.Analytics;
using Platform.Embedded.Storage;

namespace Platform.Tests.Studio;

/// <summary>The analytics are kept incrementally from events; these check they equal a full recount, and what they conclude.</summary>
public sealed class ContentAnalyticsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("analytics-");
    private readonly SqliteDocumentStore _store;
    private readonly ContentAnalyticsHandler _handler;
    private readonly ContentAnalytics _analytics;

    public ContentAnalyticsTests()
    {
        _store = new SqliteDocumentStore(new SqliteDatabase(Path.Combine(_folder.FullName, "documents.db")));
        _handler = new ContentAnalyticsHandler(_store, NullLogger<ContentAnalyticsHandler>.Instance);
        _analytics = new ContentAnalytics(_store);
    }

    [Fact]
    public async Task Incremental_aggregates_equal_a_full_recount_even_with_redeliveries_edits_and_removals()
    {
        var events = AnalyticsSeed.Events(notes: 16);
        var random = new Random(7);
        var redelivered = events.Where(_ => random.NextDouble() < 0.1).ToList();
        events.AddRange(redelivered); // at-least-once delivery
        events.Add(new ContentEvent { EventId = "edit-1", NoteId = "note-42-1", Kind = ContentEventKind.NoteChanged,
            Note = new NoteSnapshot("换个标题？", ["通勤"], 3, false, false, [], DateTimeOffset.Parse("2025-06-02T12:00:00Z")) });
        events.Add(new ContentEvent { EventId = "remove-1", NoteId = "note-42-2", Kind = ContentEventKind.NoteRemoved });
        events.Add(new ContentEvent { EventId = "unlike-1", NoteId = "note-42-3", Kind = ContentEventKind.Like, Delta = -1 });
        events.Add(new ContentEvent { EventId = "refund-1", NoteId = "note-42-4", Kind = ContentEventKind.Order, Delta = -1, Revenue = -129m });

        foreach (var e in events)
        {
            await _handler.HandleAsync(e, CancellationToken.None);
        }

        var metrics = new List<NoteMetrics>();
        for (var i = 0; i < 16; i++)
        {
            metrics.Add((await _store.FindAsync<NoteMetrics>(Collections.ContentMetrics, $"note-42-{i}", $"note-42-{i}", CancellationToken.None))!.Value);
        }

        foreach (var scope in new[] { ContentScopes.All, ContentScopes.Topic("防晒"), ContentScopes.Topic("通勤"), ContentScopes.Brand("acme") })
        {
            var kept = (await _store.FindAsync<ContentAggregate>(Collections.ContentAggregates, scope, scope, CancellationToken.None))!.Value;
            var recount = metrics
                .Select(m => (m.NoteId, Contribution: m.Contribution()))
                .Where(m => m.Contribution is not null && m.Contribution.Scopes.Contains(scope))
                .Aggregate(new ContentAggregate { Scope = scope }, (a, m) => a.Apply(m.NoteId, null, m.Contribution));

            Assert.Equal(recount.Totals, kept.Totals);
            Assert.Equal(recount.Features.OrderBy(f => f.Key), kept.Features.OrderBy(f => f.Key));
            Assert.Equal(recount.Top.Select(p => p.NoteId), kept.Top.Select(p => p.NoteId));
        }

        var all = (await _store.FindAsync<ContentAggregate>(Collections.ContentAggregates, "all", "all", CancellationToken.None))!.Value;
        Assert.Equal(15, all.Totals.Notes); // one removed
        Assert.DoesNotContain(all.Top.Concat(all.Bottom), p => p.NoteId == "note-42-2");
        Assert.Contains(NoteFeatures.TitleQuestion, all.Features.Keys); // the edit's new title
    }

    [Fact]
    public async Task A_redelivered_event_is_counted_once()
    {
        var published = AnalyticsSeed.Events(notes: 1)[0];
        var like = new ContentEvent { EventId = "like-1", NoteId = published.NoteId, Kind = ContentEventKind.Like };

        await _handler.HandleAsync(published, CancellationToken.None);
        await _handler.HandleAsync(like, CancellationToken.None);
        await _handler.HandleAsync(like, CancellationToken.None);

        var metrics = (await _store.FindAsync<NoteMetrics>(Collections.ContentMetrics, published.NoteId, published.NoteId, CancellationToken.None))!.Value;
        Assert.Equal(1, metrics.Likes);
        var all = (await _store.FindAsync<ContentAggregate>(Collections.ContentAggregates, "all", "all", CancellationToken.None))!.Value;
        Assert.Equal(1, all.Totals.Engagements);
    }

    [Fact]
    public async Task Absolute_totals_from_a_counting_source_replace_the_counts_they_name()
    {
        var published = AnalyticsSeed.Events(notes: 1)[0];
        await _handler.HandleAsync(published, CancellationToken.None);
        await _handler.HandleAsync(new ContentEvent { EventId = "v", NoteId = published.NoteId, Kind = ContentEventKind.View, Delta = 200 }, CancellationToken.None);
        await _handler.HandleAsync(new ContentEvent { EventId = "l", NoteId = published.NoteId, Kind = ContentEventKind.Like }, CancellationToken.None);

        await _handler.HandleAsync(new ContentEvent
        {
            EventId = "counts-1", NoteId = published.NoteId, Kind = ContentEventKind.Totals, Totals = new EngagementTotals(Likes: 12, Collects: 8),
        }, CancellationToken.None);

        var metrics = (await _store.FindAsync<NoteMetrics>(Collections.ContentMetrics, published.NoteId, published.NoteId, CancellationToken.None))!.Value;
        Assert.Equal((200, 12, 8, 0), (metrics.Views, metrics.Likes, metrics.Collects, metrics.Comments));
        var all = (await _store.FindAsync<ContentAggregate>(Collections.ContentAggregates, "all", "all", CancellationToken.None))!.Value;
        Assert.Equal(20, all.Totals.Engagements);
        Assert.Equal(0.1, all.Totals.EngagementRate, 6);
    }

    [Fact]
    public async Task Insights_find_what_engages_and_sells_and_explain_top_and_bottom_performers()
    {
        foreach (var e in AnalyticsSeed.Events(notes: 30))
        {
            await _handler.HandleAsync(e, CancellationToken.None);
        }

        var insights = await _analytics.GetAsync(new InsightScope(["防晒"]), CancellationToken.None);

        Assert.Equal("topic:防晒", insights.Scope);
        Assert.Equal(30, insights.NoteCount);
        var number = insights.Find(NoteFeatures.TitleNumber)!;
        Assert.True(number.Lift > 1.2, $"numbered titles lift {number.Lift}");
        Assert.True(insights.Find("time.evening")!.Lift > insights.Find("time.morning")!.Lift);
        Assert.True(number.ConversionRate > 0);
        Assert.NotNull(insights.Find(NoteFeatures.Sponsored));
        Assert.NotNull(insights.Find(NoteFeatures.Organic));
        Assert.Contains(insights.Features, f => f.Kind == FeatureKind.Format);

        var top = insights.TopPerformers[0];
        Assert.Contains(top.Reasons, r => r.Contains("x the average", StringComparison.Ordinal));
        Assert.Contains(top.Reasons, r => r.Contains("title contains a number", StringComparison.Ordinal));
        Assert.True(insights.TopPerformers[0].EngagementRate > insights.BottomPerformers[0].EngagementRate);
    }

    [Fact]
    public async Task A_thin_scope_gives_way_to_all_content()
    {
        foreach (var e in AnalyticsSeed.Events(notes: 12))
        {
            await _handler.HandleAsync(e, CancellationToken.None);
        }

        var insights = await _analytics.GetAsync(new InsightScope(["通勤"]), CancellationToken.None); // only 3 notes

        Assert.Equal(ContentScopes.All, insights.Scope);
        Assert.Equal(12, insights.NoteCount);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
