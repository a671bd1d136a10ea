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
}
