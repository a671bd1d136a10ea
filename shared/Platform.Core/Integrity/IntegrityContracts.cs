using System.Text.Json.Serialization;
using Platform.Core.Media;

namespace Platform.Core.Integrity;

/// <summary>What happens to content after the rules ran, from mildest to strictest.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IntegrityOutcome>))]
public enum IntegrityOutcome
{
    Approve,

    /// <summary>Published, with findings kept for moderators to audit.</summary>
    ApproveWithFlags,

    /// <summary>Stored but invisible to others until a moderator approves it.</summary>
    Hold,

    /// <summary>Refused: the author must change it.</summary>
    Reject,
}

/// <summary>
/// One reason for an outcome: the rule, the words that triggered it and where they are. <see cref="Start"/> and
/// <see cref="Length"/> are UTF-16 offsets into the original text of <see cref="Field"/>, as the author wrote it.
/// A finding about an image has <see cref="Field"/> "media", start and length 0, and names the image
/// (<see cref="MediaId"/>), the code's place in it (<see cref="Region"/>) or the earlier decision it repeats
/// (<see cref="RelatedCaseId"/>).
/// </summary>
public sealed record IntegrityFinding(
    string RuleId,
    IntegrityOutcome Outcome,
    string Field,
    int Start,
    int Length,
    string Matched,
    string Explanation,
    string? MediaId = null,
    ImageRegion? Region = null,
    string? RelatedCaseId = null);

/// <summary>The rules' verdict on one piece of content: the strictest outcome among its findings.</summary>
public sealed record IntegrityResult(IntegrityOutcome Outcome, IReadOnlyList<IntegrityFinding> Findings)
{
    public static IntegrityResult Clean { get; } = new(IntegrityOutcome.Approve, []);
}

/// <summary>A named text to check (a note's title and body, a comment, a bio).</summary>
public sealed record ContentField(string Name, string Text);

/// <summary>What the rules need to know about the content besides its text.</summary>
/// <param name="Sponsored">A paid (reported) note: the Advertising Law applies to it in full.</param>
/// <param name="Commercial">Tags products or is sponsored: product claims are held to the cosmetics rules.</param>
public sealed record ContentContext(bool Sponsored = false, bool Commercial = false)
{
    public static ContentContext Personal { get; } = new();
}
