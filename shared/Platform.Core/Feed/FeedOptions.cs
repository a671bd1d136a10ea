using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Core.Feed;

/// <summary>The "For you" feed and the reader interest profiles behind it.</summary>
public sealed class FeedOptions
{
    public const string Section = "Platform:Feed";

    /// <summary>An interest loses half its weight in this time without new signals (time decay of the profile).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan InterestHalfLife { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How many topics, creators and products a profile keeps each (the strongest).</summary>
    [Range(10, 2000)]
    public int MaxProfileInterests { get; set; } = 200;

    /// <summary>How many recently seen notes a profile remembers, so the feed does not show them again.</summary>
    [Range(10, 20_000)]
    public int MaxSeenNotes { get; set; } = 2000;

    [Range(1, 100)]
    public int DefaultPageSize { get; set; } = 20;

    [Range(1, 100)]
    public int MaxPageSize { get; set; } = 50;

    /// <summary>Diversity: at most this many notes of one creator on one page.</summary>
    [Range(1, 100)]
    public int MaxPerCreatorPerPage { get; set; } = 2;

    /// <summary>Diversity: at most this share of a page carries one topic.</summary>
    [Range(0.05, 1.0)]
    public double MaxTopicShare { get; set; } = 0.4;

    /// <summary>The share of each page given to exploration: new notes and new creators with little exposure yet.</summary>
    [Range(0.0, 0.5)]
    public double ExplorationShare { get; set; } = 0.2;

    /// <summary>A note is "new" for exploration while younger than this.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan ExplorationMaxAge { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A note still has "few impressions" for exploration while its engagement (popularity) is at most this.</summary>
    [Range(0, 10_000)]
    public int ExplorationMaxPopularity { get; set; } = 5;

    /// <summary>How many of the reader's strongest topics each page draws candidates from.</summary>
    [Range(1, 50)]
    public int CandidateTopics { get; set; } = 6;

    /// <summary>How many candidates each source (a topic, the popular list, the fresh list) contributes.</summary>
    [Range(5, 500)]
    public int CandidatesPerSource { get; set; } = 40;

    /// <summary>How many followed creators each page draws recent notes from.</summary>
    [Range(0, 500)]
    public int CandidateFollowees { get; set; } = 30;

    /// <summary>Similar readers: how many of the reader's recent likes seed the search for readers who liked the same.</summary>
    [Range(0, 20)]
    public int SimilarReaderSeeds { get; set; } = 3;

    /// <summary>Similar readers: how many other likers of each seed note are asked what else they liked.</summary>
    [Range(0, 100)]
    public int SimilarReadersPerSeed { get; set; } = 8;

    /// <summary>How many notes served in one scrolling session the continuation remembers (none comes back on later pages).</summary>
    [Range(50, 2000)]
    public int MaxServedPerSession { get; set; } = 300;
}

/// <summary>Checks <see cref="FeedOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class FeedOptionsValidator : IValidateOptions<FeedOptions>;
