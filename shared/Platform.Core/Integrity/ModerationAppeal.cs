namespace Platform.Core.Integrity;

/// <summary>
/// An author's one appeal of a rejection: why, when, the decision appealed and the second decision, by a different
/// moderator. Both decisions stay, and the author sees both (without moderator ids).
/// </summary>
public sealed record ModerationAppeal(string Reason, DateTimeOffset AppealedAt, ModerationDecision Original, ModerationDecision? Decision = null)
{
    public bool IsPending => Decision is null;

    public ModerationAppeal ForAuthor() => this with { Original = Original.ForAuthor(), Decision = Decision?.ForAuthor() };
}

/// <summary>Body of <c>POST /api/notes/{noteId}/appeal</c> (and of a comment's): why the rejection is wrong.</summary>
public sealed record AppealRequest(string? Reason);
