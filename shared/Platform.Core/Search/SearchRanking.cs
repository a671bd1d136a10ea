namespace Platform.Core.Search;

/// <summary>
/// How relevance blends with engagement and freshness: the text score is multiplied by
/// <c>1 + (popularityBoost - 1) × p + (freshnessBoost - 1) × f</c>, where p rises logarithmically from 0 (no engagement) to 1
/// (<see cref="SearchOptions.PopularityCap"/> or more) and f falls linearly from 1 (just posted) to 0 (older than
/// <see cref="SearchOptions.FreshnessDays"/>). The embedded engine computes exactly this; Azure AI Search gets the same idea as a
/// scoring profile (a logarithmic magnitude function and a linear freshness function, summed).
/// </summary>
public sealed class SearchRanking(SearchOptions options)
{
    private readonly double _logCap = Math.Log(1 + Math.Max(1, options.PopularityCap));
    private readonly double _freshnessWindowMs = TimeSpan.FromDays(options.FreshnessDays).TotalMilliseconds;

    /// <summary>The smoothed engagement rate "popular" sorts by, with this platform's prior.</summary>
    public double EngagementRate(EngagementCounts counts) => counts.SmoothedEngagementRate(options.PopularPriorViews, options.PopularPriorRate);

    public double Boost(long popularity, long createdAtUnixMs, long nowUnixMs)
    {
        var p = popularity <= 0 ? 0 : Math.Min(1, Math.Log(1 + popularity) / _logCap);
        var age = nowUnixMs - createdAtUnixMs;
        var f = _freshnessWindowMs <= 0 ? 0 : Math.Clamp(1 - (age / _freshnessWindowMs), 0, 1);
        return 1 + ((options.PopularityBoost - 1) * p) + ((options.FreshnessBoost - 1) * f);
    }
}
