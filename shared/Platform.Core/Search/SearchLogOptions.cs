using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Core.Search;

/// <summary>The anonymous search log (counts per normalised query per hour) and the trending searches read from it.</summary>
public sealed class SearchLogOptions
{
    public const string Section = "Platform:SearchLog";

    /// <summary>How long an hour's counts are kept; older hours are deleted as new ones are written. Brands' search demand
    /// compares this week with the last, so it needs 14 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long searches wait in memory to share one write per hour bucket (the search request never waits).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan FlushWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most distinct queries one hour keeps (the most searched win), so an hour stays one small document.</summary>
    [Range(10, 5000)]
    public int MaxQueriesPerHour { get; set; } = 2000;

    /// <summary>Age at which a search counts half as much towards trending.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Fewest searches (in the window) before a query may trend, so one reader's odd query is never shown to others.</summary>
    [Range(1, 1000)]
    public int MinSearches { get; set; } = 3;

    /// <summary>Fewer exact matches than this per search, on average, and a brand sees the query as a content gap.</summary>
    [Range(1, 10)]
    public int ContentGapResults { get; set; } = 3;

    /// <summary>How many queries a brand's search demand lists (content gaps first).</summary>
    [Range(1, 200)]
    public int DemandQueries { get; set; } = 30;

    /// <summary>How many trending queries each list holds.</summary>
    [Range(1, 50)]
    public int TrendingCount { get; set; } = 10;
}

/// <summary>Checks <see cref="SearchLogOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class SearchLogOptionsValidator : IValidateOptions<SearchLogOptions>;
