using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Core.Community;

/// <summary>Community limits (shared/README.md, Product rules: Limits: comments up to 500 characters).</summary>
public sealed class CommunityOptions
{
    public const string Section = "Platform:Community";

    [Range(1, 10_000)]
    public int CommentMaxLength { get; set; } = 500;

    [Range(1, 100)]
    public int BoardNameMaxLength { get; set; } = 30;

    [Range(1, 10_000)]
    public int MaxBoards { get; set; } = 200;

    [Range(1, 100)]
    public int DisplayNameMaxLength { get; set; } = 30;

    [Range(0, 1000)]
    public int BioMaxLength { get; set; } = 200;

    /// <summary>The following view pulls from at most this many followed accounts (most recently followed first).</summary>
    [Range(1, 5000)]
    public int FeedMaxFollowees { get; set; } = 500;

    [Range(1, 500)]
    public int MaxPageSize { get; set; } = 50;

    /// <summary>How often the embedded host applies counter changes a crash left pending (Azure: the timer trigger's schedule).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CounterSweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Checks <see cref="CommunityOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class CommunityOptionsValidator : IValidateOptions<CommunityOptions>;
