using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Core.Search;

/// <summary>Note search: where the index is (Azure) and how results are paged and ranked (both modes).</summary>
public sealed class SearchOptions
{
    public const string Section = "Platform:Search";

    private const string BoostRule = "{0} must be above 1.0 and at most 100 (Azure AI Search refuses a scoring boost of exactly 1.0).";

    /// <summary>Azure AI Search service endpoint, e.g. https://my-search.search.windows.net (Azure mode only; required there).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Name of the notes index (Azure mode; the adapter creates or updates it on start).</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{1,126}[a-z0-9]$", ErrorMessage = "An index name is lower-case letters, digits and dashes.")]
    public string IndexName { get; set; } = "notes";

    /// <summary>Whether the Azure adapter creates or updates the index definition at start-up (needs Search Service Contributor).</summary>
    public bool CreateIndexOnStart { get; set; } = true;

    [Range(1, 100)]
    public int DefaultPageSize { get; set; } = 20;

    /// <summary>Largest page a search returns, whatever the client asks for.</summary>
    [Range(1, 100)]
    public int MaxPageSize { get; set; } = 50;

    /// <summary>How deep a reader may page (skip + page size); deeper pages are empty. Keeps deep paging cheap in both engines.</summary>
    [Range(1, 100_000)]
    public int MaxResultWindow { get; set; } = 1000;

    [Range(1, 100)]
    public int MaxQueryLength { get; set; } = 100;

    [Range(1, 20)]
    public int SuggestionCount { get; set; } = 8;

    [Range(0, 50)]
    public int FacetCount { get; set; } = 10;

    /// <summary>Multiplier a note with <see cref="PopularityCap"/> or more engagement gets over one with none. Above 1.0:
    /// Azure AI Search refuses a scoring function whose boost is exactly 1.0.</summary>
    [Range(1.0, 100.0, MinimumIsExclusive = true, ErrorMessage = BoostRule)]
    public double PopularityBoost { get; set; } = 2.0;

    [Range(1, long.MaxValue)]
    public long PopularityCap { get; set; } = 10_000;

    /// <summary>Multiplier a note gets when just posted, falling to none after <see cref="FreshnessDays"/>. Above 1.0, as
    /// <see cref="PopularityBoost"/>.</summary>
    [Range(1.0, 100.0, MinimumIsExclusive = true, ErrorMessage = BoostRule)]
    public double FreshnessBoost { get; set; } = 1.5;

    [Range(1, 3650)]
    public int FreshnessDays { get; set; } = 30;

    /// <summary>Views of evidence the "popular" ranking assumes every note starts with (the prior's weight; see
    /// <see cref="EngagementCounts.SmoothedEngagementRate"/>).</summary>
    [Range(0.0, 1_000_000.0)]
    public double PopularPriorViews { get; set; } = 100;

    /// <summary>Engagements per view a note is assumed to have before its own views say otherwise (the platform's typical rate).</summary>
    [Range(0.0, 1.0)]
    public double PopularPriorRate { get; set; } = 0.05;

    /// <summary>How long engagement updates wait to share one index write (see <see cref="EngagementBatcher"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan EngagementBatchWindow { get; set; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>Checks <see cref="SearchOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class SearchOptionsValidator : IValidateOptions<SearchOptions>;
