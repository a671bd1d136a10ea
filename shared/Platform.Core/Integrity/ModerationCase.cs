using System.Text.Json.Serialization;

namespace Platform.Core.Integrity;

[JsonConverter(typeof(JsonStringEnumConverter<ContentKind>))]
public enum ContentKind
{
    Note,
    Comment,
}

[JsonConverter(typeof(JsonStringEnumConverter<CaseState>))]
public enum CaseState
{
    Open,
    Closed,
}

[JsonConverter(typeof(JsonStringEnumConverter<ReportReason>))]
public enum ReportReason
{
    Spam,
    OffPlatformContact,
    UndisclosedAdvertising,
    FalseClaims,
    Harassment,
    Inappropriate,
    Other,
}

/// <summary>A moderator's work item: one per note or comment that was held or reported, reopened when it needs a new look.</summary>
public sealed record ModerationCase
{
    public required string Id { get; init; }

    public required ContentKind Kind { get; init; }

    public required string NoteId { get; init; }

    public string? CommentId { get; init; }

    public required string AuthorId { get; init; }

    public CaseState State { get; init; } = CaseState.Open;

    /// <summary>When the case (last) opened: the queue is oldest first.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Why the content is held, when it is.</summary>
    public HoldReason? HeldFor { get; init; }

    public IReadOnlyList<IntegrityFinding> Findings { get; init; } = [];

    /// <summary>Distinct reporters since the item was created (one report per user per item).</summary>
    public int ReportCount { get; init; }

    /// <summary>Reports since the last decision: these are what the open case is about.</summary>
    public int OpenReports { get; init; }

    /// <summary>Of <see cref="OpenReports"/>, the weight of those from reporters in good standing (about the current text):
    /// only these hold content.</summary>
    public int WeightedOpenReports { get; init; }

    public Dictionary<ReportReason, int> ReportReasons { get; init; } = [];

    public ModerationDecision? LastDecision { get; init; }

    /// <summary>The author's appeal; while it is pending the case stays open and only another moderator may decide it.</summary>
    public ModerationAppeal? Appeal { get; init; }

    public static string IdFor(ContentKind kind, string noteId, string? commentId) =>
        kind == ContentKind.Note ? "note-" + noteId : "comment-" + commentId;
}

/// <summary>One user's report of one item.</summary>
public sealed record Report(string CaseId, string ReporterId, ReportReason Reason, string? Detail, DateTimeOffset ReportedAt);
