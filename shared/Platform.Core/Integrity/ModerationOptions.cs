using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Core.Integrity;

public sealed class ModerationOptions
{
    public const string Section = "Platform:Moderation";

    /// <summary>
    /// Published content is held (hidden until a moderator looks) once this many reporters in good standing reported it since
    /// the last decision. Reports from weak reporters (new accounts, or usually wrong) only put it in the queue.
    /// </summary>
    [Range(1, 10_000)]
    public int HoldAfterReports { get; set; } = 3;

    /// <summary>A reporter whose account is younger than this (known since its first note or first report) is weak.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan MinReporterAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A reporter with at least 3 decided reports, of which moderators upheld fewer than this share, is weak.</summary>
    [Range(0.0, 1.0)]
    public double MinReporterAccuracy { get; set; } = 0.5;

    /// <summary>Reports one user may file per <see cref="ReportWindow"/>; beyond, 429 <c>report.rate_limited</c>.</summary>
    [Range(1, 10_000)]
    public int MaxReportsPerWindow { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ReportWindow { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 2000)]
    public int ReasonMaxLength { get; set; } = 500;

    /// <summary>Rejections within <see cref="StrikeWindowDays"/> that restrict an account.</summary>
    [Range(1, 100)]
    public int StrikeThreshold { get; set; } = 3;

    /// <summary>How far back rejections count towards <see cref="StrikeThreshold"/>.</summary>
    [Range(1, 365)]
    public int StrikeWindowDays { get; set; } = 30;

    /// <summary>How long a restricted account's new notes and comments wait for a moderator before others see them.</summary>
    [Range(1, 365)]
    public int RestrictionDays { get; set; } = 7;
}

/// <summary>Checks <see cref="ModerationOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class ModerationOptionsValidator : IValidateOptions<ModerationOptions>;
