using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Search;
using Platform.Core.Storage;

namespace Platform.Core.Studio.Analytics;

/// <summary>One query readers search in a brand's topics: how much, how it moves, and how well search answers it.</summary>
/// <param name="Topics">The brand's topics the query is about.</param>
/// <param name="Searches">Searches in the last 7 days.</param>
/// <param name="PreviousSearches">Searches in the 7 days before.</param>
/// <param name="Change">Searches against the week before (0.5 = +50%); null when there were none the week before.</param>
/// <param name="Daily">Searches per UTC day, oldest first, from <see cref="SearchDemandResponse.From"/>.</param>
/// <param name="ZeroResultRate">Share of the searches that found nothing; null when the log did not record results.</param>
/// <param name="AverageGoodResults">Notes with every word of the query (exact matches, capped at 10 per search), on average.</param>
/// <param name="ContentGap">Readers search it and find too little: few exact matches on average, or often nothing at all.</param>
public sealed record SearchDemandQuery(
    string Query,
    IReadOnlyList<string> Topics,
    long Searches,
    long PreviousSearches,
    double? Change,
    IReadOnlyList<long> Daily,
    double? ZeroResultRate,
    double? AverageGoodResults,
    bool ContentGap);

/// <summary>Answer of <c>GET /api/brands/{brandId}/analytics/search-demand</c>: content gaps first, then the most searched.</summary>
/// <param name="Topics">The brand's topics (from its notes and the notes tagging its products) the queries were matched to.</param>
public sealed record SearchDemandResponse(string BrandId, IReadOnlyList<string> Topics, DateOnly From, DateOnly To, IReadOnlyList<SearchDemandQuery> Queries);

/// <summary>
/// Search demand for a brand, from the anonymous search log: the queries in the brand's topics, with their volume over the
/// last two weeks (per day, this week against the last) and how well search answers them, so the brand can write the notes
/// readers look for and do not find. Only queries with <see cref="SearchLogOptions.MinSearches"/> searches show: a single
/// reader's query is never shown to a brand.
/// </summary>
public sealed class SearchDemand(IDocumentStore store, IOptions<SearchLogOptions> options, TimeProvider clock)
{
    public const int Days = 14;

    private const int Week = 7;

    private readonly SearchLogOptions _options = options.Value;

    public async Task<SearchDemandResponse> ForBrandAsync(Caller caller, string brandId, CancellationToken cancellationToken)
    {
        if (!caller.IsMemberOfBrand(brandId))
        {
            throw PlatformException.Forbidden("studio.not_brand_member", "Only members of this brand may read its analytics.");
        }

        var scope = ContentScopes.Brand(brandId);
        var aggregate = (await store.FindAsync<ContentAggregate>(Collections.ContentAggregates, scope, scope, cancellationToken))?.Value;
        var topics = (aggregate?.Features.Keys.ToList() ?? [])
            .Where(k => k.StartsWith(TopicPrefix, StringComparison.Ordinal))
            .Select(k => k[TopicPrefix.Length..])
            .Where(t => t.Length > 0)
            .Order(StringComparer.Ordinal)
            .ToList();

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = today.AddDays(1 - Days);
        if (topics.Count == 0)
        {
            return new SearchDemandResponse(brandId, [], from, today, []);
        }

        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var bucket in await ReadHoursAsync(cancellationToken))
        {
            var day = DateOnly.FromDateTime(bucket.Hour.UtcDateTime).DayNumber - from.DayNumber;
            if (day is < 0 or >= Days)
            {
                continue;
            }

            foreach (var (query, count) in bucket.Counts)
            {
                if (!tallies.TryGetValue(query, out var tally))
                {
                    tally = tallies[query] = new Tally();
                }

                tally.Daily[day] += count;
                if (bucket.Results?.GetValueOrDefault(query) is { } results)
                {
                    tally.Measured += results.Searches;
                    tally.Empty += results.Empty;
                    tally.Good += results.Good;
                }
            }
        }

        var folded = topics.Select(t => (Topic: t, Key: TextNormalization.Normalize(t).ToLowerInvariant())).ToList();
        var queries = new List<SearchDemandQuery>();
        foreach (var (query, tally) in tallies)
        {
            if (tally.Daily.Sum() < _options.MinSearches || TopicsOf(query, folded) is not { Count: > 0 } matched)
            {
                continue;
            }

            var thisWeek = tally.Daily[Week..].Sum();
            var lastWeek = tally.Daily[..Week].Sum();
            double? zero = tally.Measured > 0 ? Math.Round(tally.Empty / (double)tally.Measured, 3) : null;
            double? good = tally.Measured > 0 ? Math.Round(tally.Good / (double)tally.Measured, 2) : null;
            queries.Add(new SearchDemandQuery(
                query, matched, thisWeek, lastWeek,
                lastWeek > 0 ? Math.Round((thisWeek - lastWeek) / (double)lastWeek, 3) : null,
                tally.Daily,
                zero, good,
                zero >= 0.5 || good < _options.ContentGapResults));
        }

        var ranked = queries
            .OrderByDescending(q => q.ContentGap)
            .ThenByDescending(q => q.Searches)
            .ThenByDescending(q => q.Daily.Sum())
            .ThenBy(q => q.Query, StringComparer.Ordinal)
            .Take(_options.DemandQueries)
            .ToList();
        return new SearchDemandResponse(brandId, topics, from, today, ranked);
    }

    private const string TopicPrefix = "topic:";

    /// <summary>
    /// The brand topics a query is about: a #topic it names, or a topic one of its words (or their synonyms) contains or is
    /// contained in ("防晒霜 推荐" is about 防晒; "猫" is about 猫咪 only as a whole word of two or more characters).
    /// </summary>
    public static IReadOnlyList<string> TopicsOf(string query, IReadOnlyList<(string Topic, string Key)> topics)
    {
        var (terms, named) = SearchText.Parse(query);
        var words = terms
            .SelectMany(t => Synonyms.For(t).Prepend(TextNormalization.Normalize(t).ToLowerInvariant()))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var foldedNamed = named.Select(n => TextNormalization.Normalize(n).ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        return topics
            .Where(t => foldedNamed.Contains(t.Key)
                || words.Any(w => w.Contains(t.Key, StringComparison.Ordinal) || (w.Length >= 2 && t.Key.Contains(w, StringComparison.Ordinal))))
            .Select(t => t.Topic)
            .ToList();
    }

    private async Task<IReadOnlyList<SearchLogHour>> ReadHoursAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var current = SearchLogHour.HourOf(now);
        var oldest = SearchLogHour.HourOf(now - _options.Retention);
        var start = new DateTimeOffset(DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - Days), TimeOnly.MinValue, TimeSpan.Zero);
        var hours = new List<DateTimeOffset>();
        for (var hour = start > oldest ? start : oldest; hour <= current; hour = hour.AddHours(1))
        {
            hours.Add(hour);
        }

        var read = new List<SearchLogHour>();
        // Point reads, a day's hours at a time (at most Days × 24 small documents per request).
        foreach (var day in hours.Chunk(24))
        {
            var found = await Task.WhenAll(day.Select(async h =>
            {
                var key = SearchLogHour.KeyOf(h);
                return (await store.FindAsync<SearchLogHour>(Collections.SearchLog, key, key, cancellationToken))?.Value;
            }));
            read.AddRange(found.OfType<SearchLogHour>());
        }

        return read;
    }

    private sealed class Tally
    {
        public long[] Daily { get; } = new long[Days];

        public long Measured { get; set; }

        public long Empty { get; set; }

        public long Good { get; set; }
    }
}
