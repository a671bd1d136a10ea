using Microsoft.Extensions.Options;
using Platform.Core.Integrity;
using Platform.Core.Storage;

namespace Platform.Core.Search;

/// <summary>One trending query: how often it was searched in the window, and its score after decay.</summary>
public sealed record TrendingSearch(string Query, long Searches, double Score);

/// <summary>What people search now: over the last hour (this hour and the one before) and over the last day.</summary>
public sealed record TrendingSearchesResponse(IReadOnlyList<TrendingSearch> LastHour, IReadOnlyList<TrendingSearch> LastDay, DateTimeOffset AsOf);

/// <summary>
/// Trending searches (热搜) from the search log: each hour's counts weigh less the older the hour
/// (half as much every <see cref="SearchLogOptions.HalfLife"/>), so a query searched a lot just now outranks one searched a
/// little more yesterday. A query needs <see cref="SearchLogOptions.MinSearches"/> searches to show, and never shows when
/// the integrity rules find anything in it.
/// </summary>
public sealed class TrendingSearches(IDocumentStore store, IntegrityEngine integrity, IOptions<SearchLogOptions> options, TimeProvider clock)
{
    private const int DayHours = 24;
    private const int HourWindowHours = 2;

    // The platform itself shows this list to every reader, so it is held to the rules for sponsored commercial content:
    // no absolute terms, no medical claims, nothing a note would be held for.
    private static readonly ContentContext StrictestContext = new(Sponsored: true, Commercial: true);

    private readonly SearchLogOptions _options = options.Value;

    /// <summary>How long the popular queries behind suggestions are reused: suggestions are asked for on every keystroke.</summary>
    private static readonly TimeSpan PopularCacheTime = TimeSpan.FromMinutes(1);

    /// <summary>Most popular queries kept for suggestions.</summary>
    private const int PopularQueries = 500;

    private sealed record PopularCache(DateTimeOffset At, IReadOnlyList<string> Queries);

    // Replaced whole (a reference), so a reader never sees half of an update.
    private volatile PopularCache? _popular;

    /// <summary>
    /// Queries searched most over the last day (with decay, at least <see cref="SearchLogOptions.MinSearches"/> times, never a
    /// banned one) that start with <paramref name="prefix"/> or have a word starting with it, most popular first.
    /// </summary>
    public async Task<IReadOnlyList<string>> PopularQueriesAsync(string prefix, int count, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cached = _popular;
        if (cached is null || now - cached.At >= PopularCacheTime || now < cached.At)
        {
            var buckets = await DayBucketsAsync(now, cancellationToken);
            var ranked = Rank(buckets, now, PopularQueries, new Dictionary<string, bool>(StringComparer.Ordinal));
            cached = new PopularCache(now, ranked.Select(t => t.Query).ToList());
            _popular = cached;
        }

        if (SearchLog.Normalize(prefix, int.MaxValue) is not { } typed)
        {
            return [];
        }

        return cached.Queries
            .Where(q => q.StartsWith(typed, StringComparison.Ordinal) || q.Contains(" " + typed, StringComparison.Ordinal))
            .Where(q => !string.Equals(q, typed, StringComparison.Ordinal))
            .Take(count)
            .ToList();
    }

    /// <summary>The trending lists, each at most <paramref name="count"/> long (and never longer than
    /// <see cref="SearchLogOptions.TrendingCount"/>, whatever the client asks for).</summary>
    public async Task<TrendingSearchesResponse> GetAsync(int? count, CancellationToken cancellationToken)
    {
        var take = Math.Min(count ?? _options.TrendingCount, _options.TrendingCount);
        var now = clock.GetUtcNow();
        var current = SearchLogHour.HourOf(now);
        var buckets = await DayBucketsAsync(now, cancellationToken);

        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        return new TrendingSearchesResponse(
            Rank(buckets.Where(b => b.Hour > current.AddHours(-HourWindowHours)), now, take, verdicts),
            Rank(buckets, now, take, verdicts),
            now);
    }

    /// <summary>The hour buckets of the last day still within retention.</summary>
    private async Task<List<SearchLogHour>> DayBucketsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = SearchLogHour.HourOf(now);
        var oldestKept = SearchLogHour.HourOf(now - _options.Retention);
        var hours = Enumerable.Range(0, DayHours).Select(i => current.AddHours(-i)).Where(h => h >= oldestKept).ToList();
        var read = await Task.WhenAll(hours.Select(async h =>
        {
            var key = SearchLogHour.KeyOf(h);
            return (await store.FindAsync<SearchLogHour>(Collections.SearchLog, key, key, cancellationToken))?.Value;
        }));
        return read.OfType<SearchLogHour>().ToList();
    }

    private List<TrendingSearch> Rank(IEnumerable<SearchLogHour> buckets, DateTimeOffset now, int take, Dictionary<string, bool> verdicts)
    {
        var totals = new Dictionary<string, (long Searches, double Score)>(StringComparer.Ordinal);
        foreach (var bucket in buckets)
        {
            // An hour's searches are taken to have happened at its middle (or now, for the hour still running).
            var middle = bucket.Hour.AddMinutes(30);
            var age = middle < now ? now - middle : TimeSpan.Zero;
            var weight = Math.Pow(0.5, age / _options.HalfLife);
            foreach (var (query, count) in bucket.Counts)
            {
                var (searches, score) = totals.GetValueOrDefault(query);
                totals[query] = (searches + count, score + count * weight);
            }
        }

        return totals
            .Where(t => t.Value.Searches >= _options.MinSearches)
            .OrderByDescending(t => t.Value.Score).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Where(t => IsShowable(t.Key, verdicts))
            .Take(take)
            .Select(t => new TrendingSearch(t.Key, t.Value.Searches, Math.Round(t.Value.Score, 3)))
            .ToList();
    }

    private bool IsShowable(string query, Dictionary<string, bool> verdicts)
    {
        if (!verdicts.TryGetValue(query, out var showable))
        {
            showable = integrity.Evaluate("query", query, StrictestContext).Outcome == IntegrityOutcome.Approve;
            verdicts[query] = showable;
        }

        return showable;
    }
}
