using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Common;
using Platform.Core.Readers;

namespace Platform.Tests.Readers;

/// <summary>The counting rules readers expect: one per viewer per note per window, not the author's, not automation.</summary>
public sealed class CountingRulesTests
{
    private static readonly NoteFacts Note = new("n1", "author", new HashSet<string> { "p1" });
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero));

    private CountingRules Rules(Action<ReaderEventsOptions>? configure = null)
    {
        var options = new ReaderEventsOptions();
        configure?.Invoke(options);
        return new CountingRules(Options.Create(options), _clock);
    }

    private ReaderActivity View(string viewer, int dwellMs = 5000, string noteId = "n1", string? userId = null) =>
        new(ActivityKind.View, noteId, viewer, userId, _clock.GetUtcNow(), DwellMs: dwellMs);

    [Fact]
    public void One_view_per_viewer_per_note_per_window()
    {
        var rules = Rules();
        Assert.Equal(NotCountedReason.None, rules.Decide(View("d:a"), Note));
        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(NotCountedReason.Repeat, rules.Decide(View("d:a"), Note));
        Assert.Equal(NotCountedReason.None, rules.Decide(View("d:b"), Note));
        Assert.Equal(NotCountedReason.None, rules.Decide(View("d:a", noteId: "n2"), Note with { NoteId = "n2" }));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(NotCountedReason.None, rules.Decide(View("d:a"), Note));
    }

    [Fact]
    public void The_window_is_a_setting()
    {
        var rules = Rules(o => o.DedupWindow = TimeSpan.FromMinutes(5));
        Assert.Equal(NotCountedReason.None, rules.Decide(View("d:a"), Note));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(NotCountedReason.None, rules.Decide(View("d:a"), Note));
    }

    [Fact]
    public void The_authors_own_views_do_not_count_unless_configured()
    {
        Assert.Equal(NotCountedReason.Author, Rules().Decide(View("author", userId: "author"), Note));
        Assert.Equal(NotCountedReason.None, Rules(o => o.CountAuthorViews = true).Decide(View("author", userId: "author"), Note));
    }

    [Fact]
    public void A_view_without_dwell_is_automation()
    {
        Assert.Equal(NotCountedReason.NoDwell, Rules().Decide(View("d:a", dwellMs: 0), Note));
        Assert.Equal(NotCountedReason.NoDwell, Rules().Decide(View("d:a", dwellMs: 999), Note));
        Assert.Equal(NotCountedReason.None, Rules(o => o.MinViewDwellMs = 0).Decide(View("d:a", dwellMs: 0), Note));
    }

    [Fact]
    public void Views_at_an_inhuman_rate_stop_counting_until_the_next_minute()
    {
        var rules = Rules(o => o.MaxViewsPerViewerPerMinute = 3);
        var decisions = Enumerable.Range(0, 5)
            .Select(i => rules.Decide(View("d:bot", noteId: $"n{i}"), Note with { NoteId = $"n{i}" }))
            .ToList();
        Assert.Equal([NotCountedReason.None, NotCountedReason.None, NotCountedReason.None, NotCountedReason.InhumanRate, NotCountedReason.InhumanRate], decisions);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(NotCountedReason.None, rules.Decide(View("d:bot", noteId: "n9"), Note with { NoteId = "n9" }));
    }

    [Fact]
    public void Product_clicks_count_once_per_product_and_video_progress_is_never_a_repeat()
    {
        var rules = Rules();
        ReaderActivity Click(string product) => new(ActivityKind.ProductClick, "n1", "d:a", null, _clock.GetUtcNow(), ProductId: product);
        ReaderActivity Progress() => new(ActivityKind.VideoProgress, "n1", "d:a", null, _clock.GetUtcNow(), Progress: 0.5);
        Assert.Equal(NotCountedReason.None, rules.Decide(Click("p1"), Note));
        Assert.Equal(NotCountedReason.Repeat, rules.Decide(Click("p1"), Note));
        Assert.Equal(NotCountedReason.None, rules.Decide(Click("p2"), Note));
        Assert.Equal(NotCountedReason.None, rules.Decide(Progress(), Note));
        Assert.Equal(NotCountedReason.None, rules.Decide(Progress(), Note));
    }

    [Fact]
    public void Memory_stays_bounded_by_the_tracked_keys_setting()
    {
        var rules = Rules(o => o.MaxTrackedKeys = 1000);
        for (var i = 0; i < 5000; i++)
        {
            Assert.Equal(NotCountedReason.None, rules.Decide(View($"d:{i}"), Note));
        }

        // The most recent viewers are still remembered.
        Assert.Equal(NotCountedReason.Repeat, rules.Decide(View("d:4999"), Note));
    }

    [Fact]
    public void The_rate_limit_refuses_a_whole_request_over_the_budget_and_resets_each_minute()
    {
        var limiter = new CallerRateLimiter(Options.Create(new ReaderEventsOptions { MaxEventsPerMinute = 10 }), _clock);
        limiter.Take("d:a", 6);
        var refused = Assert.Throws<PlatformException>(() => limiter.Take("d:a", 5));
        Assert.Equal(ErrorKind.RateLimited, refused.Kind);
        Assert.Equal(ReaderEventCodes.RateLimited, refused.Code);
        Assert.NotNull(refused.RetryAfter);
        limiter.Take("d:b", 10); // another reader has their own budget
        _clock.Advance(TimeSpan.FromMinutes(1));
        limiter.Take("d:a", 10);
    }
}
