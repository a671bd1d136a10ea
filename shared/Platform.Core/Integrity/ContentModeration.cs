using System.Text.Json.Serialization;
using Platform.Core.Common;

namespace Platform.Core.Integrity;

/// <summary>The moderation state of a note or comment, as its author and moderators see it.</summary>
public sealed record ContentModeration
{
    /// <summary>The rules' verdict on the current text.</summary>
    public IntegrityOutcome Outcome { get; init; }

    public IReadOnlyList<IntegrityFinding> Findings { get; init; } = [];

    /// <summary>Why the content waits for a moderator; null when it does not.</summary>
    public HoldReason? HeldFor { get; init; }

    /// <summary>The last moderator decision, with the reason the author is shown.</summary>
    public ModerationDecision? Decision { get; init; }

    /// <summary>The author's appeal of a rejection, once made (at most one per item).</summary>
    public ModerationAppeal? Appeal { get; init; }

    /// <summary>What the author sees: the same, without which moderator decided (moderators stay anonymous to authors).</summary>
    public ContentModeration ForAuthor() => this with { Decision = Decision?.ForAuthor(), Appeal = Appeal?.ForAuthor() };
}

[JsonConverter(typeof(JsonStringEnumConverter<HoldReason>))]
public enum HoldReason
{
    /// <summary>The integrity rules held it.</summary>
    Rules,

    /// <summary>Enough people reported it.</summary>
    Reports,

    /// <summary>Its author changed it after a moderator rejected it: it waits for a second look.</summary>
    Resubmitted,

    /// <summary>Its author's account is restricted after repeated rejections: everything new waits for a moderator.</summary>
    Restricted,
}

[JsonConverter(typeof(JsonStringEnumConverter<ModerationVerdict>))]
public enum ModerationVerdict
{
    Approved,
    Rejected,
}

/// <summary>A moderator's decision. <see cref="ModeratorId"/> is kept for moderators (the audit log, the appeal rule) and left
/// out of everything the author sees (<see cref="ForAuthor"/>).</summary>
public sealed record ModerationDecision(
    ModerationVerdict Verdict, string? Reason, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ModeratorId, DateTimeOffset DecidedAt)
{
    public ModerationDecision ForAuthor() => this with { ModeratorId = null };
}

/// <summary>The refusal every content write answers when the rules reject it: a 422 listing the findings.</summary>
public static class IntegrityErrors
{
    public static PlatformException Rejected(string what, IntegrityResult result) =>
        new(ErrorKind.Unprocessable, "integrity.rejected",
            $"The {what} breaks the content rules: {string.Join(" ", result.Findings.Where(f => f.Outcome == IntegrityOutcome.Reject).Select(f => f.Explanation).Distinct())}")
        {
            Details = new Dictionary<string, object?> { ["findings"] = result.Findings },
        };
}
