using System.Text.Json.Serialization;
using Platform.Core.Integrity;
using Platform.Core.Messaging;

namespace Platform.Core.Community;

/// <summary>One user's like of one note: the truth likes are counted from.</summary>
public sealed record Like : ICounted<Like>
{
    public required string NoteId { get; init; }

    public required string UserId { get; init; }

    public required string NoteAuthorId { get; init; }

    /// <summary>False for an unlike not yet settled (deleted once its counter changes are applied).</summary>
    public bool Active { get; init; } = true;

    public required DateTimeOffset ChangedAt { get; init; }

    /// <inheritdoc/>
    public IReadOnlyList<CounterOp> PendingCounts { get; init; } = [];

    /// <inheritdoc/>
    public bool HasPendingCounts => PendingCounts.Count > 0;

    /// <inheritdoc/>
    public Like WithPendingCounts(IReadOnlyList<CounterOp> pending) => this with { PendingCounts = pending };

    /// <inheritdoc/>
    public IReadOnlyList<OutgoingMessage> PendingEvents { get; init; } = [];

    /// <inheritdoc/>
    public Like WithPendingEvents(IReadOnlyList<OutgoingMessage> events) => this with { PendingEvents = events };

    /// <inheritdoc/>
    public Like WithoutPendingEvents() => this with { PendingEvents = [] };
}

/// <summary>One user's collect of one note into one of their boards.</summary>
public sealed record Collect : ICounted<Collect>
{
    public required string UserId { get; init; }

    public required string NoteId { get; init; }

    public required string NoteAuthorId { get; init; }

    public required string BoardId { get; init; }

    public bool Active { get; init; } = true;

    public required DateTimeOffset CollectedAt { get; init; }

    /// <inheritdoc/>
    public IReadOnlyList<CounterOp> PendingCounts { get; init; } = [];

    /// <inheritdoc/>
    public bool HasPendingCounts => PendingCounts.Count > 0;

    /// <inheritdoc/>
    public Collect WithPendingCounts(IReadOnlyList<CounterOp> pending) => this with { PendingCounts = pending };

    /// <inheritdoc/>
    public IReadOnlyList<OutgoingMessage> PendingEvents { get; init; } = [];

    /// <inheritdoc/>
    public Collect WithPendingEvents(IReadOnlyList<OutgoingMessage> events) => this with { PendingEvents = events };

    /// <inheritdoc/>
    public Collect WithoutPendingEvents() => this with { PendingEvents = [] };
}

/// <summary>A named collection of a user's saved notes.</summary>
public sealed record Board(string Id, string UserId, string Name, bool Private, DateTimeOffset CreatedAt)
{
    /// <summary>Every user has one without creating it: collecting without naming a board saves there.</summary>
    public const string DefaultId = "default";

    public const string DefaultName = "默认收藏";
}

/// <summary>One user following another.</summary>
public sealed record Follow : ICounted<Follow>
{
    public required string FollowerId { get; init; }

    public required string FolloweeId { get; init; }

    public bool Active { get; init; } = true;

    public required DateTimeOffset FollowedAt { get; init; }

    /// <inheritdoc/>
    public IReadOnlyList<CounterOp> PendingCounts { get; init; } = [];

    /// <inheritdoc/>
    public bool HasPendingCounts => PendingCounts.Count > 0;

    /// <inheritdoc/>
    public Follow WithPendingCounts(IReadOnlyList<CounterOp> pending) => this with { PendingCounts = pending };

    /// <inheritdoc/>
    public IReadOnlyList<OutgoingMessage> PendingEvents { get; init; } = [];

    /// <inheritdoc/>
    public Follow WithPendingEvents(IReadOnlyList<OutgoingMessage> events) => this with { PendingEvents = events };

    /// <inheritdoc/>
    public Follow WithoutPendingEvents() => this with { PendingEvents = [] };
}

[JsonConverter(typeof(JsonStringEnumConverter<CommentStatus>))]
public enum CommentStatus
{
    Published,
    Held,
    Rejected,
    Deleted,
}

/// <summary>A comment on a note, or a reply to one (one level: a reply to a reply joins the same thread).</summary>
public sealed record Comment : ICounted<Comment>
{
    public required string Id { get; init; }

    public required string NoteId { get; init; }

    public required string NoteAuthorId { get; init; }

    public required string AuthorId { get; init; }

    /// <summary>The top-level comment this replies to; null for a top-level comment.</summary>
    public string? ParentId { get; init; }

    /// <summary>Whom a reply answers, shown as "@user" (a reply to a reply keeps the thread flat).</summary>
    public string? ReplyToUserId { get; init; }

    public required string Body { get; init; }

    /// <summary>The <c>@name</c>s in the body that resolved to a user (linked by clients).</summary>
    public IReadOnlyList<Mention> Mentions { get; init; } = [];

    /// <summary>Whether <c>comment.published</c> was raised: once, when it first became visible.</summary>
    public bool Announced { get; init; }

    public CommentStatus Status { get; init; } = CommentStatus.Published;

    public ContentModeration? Moderation { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? DeletedAt { get; init; }

    /// <inheritdoc/>
    public IReadOnlyList<CounterOp> PendingCounts { get; init; } = [];

    /// <inheritdoc/>
    public bool HasPendingCounts => PendingCounts.Count > 0;

    /// <summary>Counted in the note's comments (and its thread's replies) while published.</summary>
    [JsonIgnore]
    public bool IsCounted => Status == CommentStatus.Published;

    /// <inheritdoc/>
    public Comment WithPendingCounts(IReadOnlyList<CounterOp> pending) => this with { PendingCounts = pending };

    /// <inheritdoc/>
    public IReadOnlyList<OutgoingMessage> PendingEvents { get; init; } = [];

    /// <inheritdoc/>
    public Comment WithPendingEvents(IReadOnlyList<OutgoingMessage> events) => this with { PendingEvents = events };

    /// <inheritdoc/>
    public Comment WithoutPendingEvents() => this with { PendingEvents = [] };
}

/// <summary>What a user tells about themselves: a display name and a short bio, nothing else (shared/README.md, Product rules: Privacy).</summary>
/// <param name="DiscoverableByBrands">Whether brands may find this creator in creator discovery (a creator opts out with false).</param>
public sealed record Profile(string UserId, string DisplayName, string Bio, DateTimeOffset UpdatedAt, bool DiscoverableByBrands = true);

/// <summary>Counts shown on a note; views and shares are counted from what readers report (<c>POST /api/events</c>).</summary>
public sealed record NoteStats(long Likes, long Collects, long Comments, long Views = 0, long Shares = 0);

/// <summary>Whether the caller liked or collected a note (and into which board).</summary>
public sealed record NoteViewerState(bool Liked, bool Collected, string? BoardId);
