using System.ComponentModel.DataAnnotations;

namespace Platform.Core.Integrity;

public sealed class ModerationOptions
{
    public const string Section = "Platform:Moderation";

    /// <summary>Published content is held (hidden until a moderator looks) once this many people reported it since the last decision.</summary>
    [Range(1, 10_000)]
    public int HoldAfterReports { get; set; } = 3;

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
