using Platform.Core.Messaging;

namespace Platform.Core.Community;

/// <summary>
/// What people do to each other's notes and accounts, sent on the <see cref="Destinations.Events"/> topic from the fact's own
/// outbox (the like, collect, follow or comment document carries its event in the same write). Consumed by notifications;
/// counters are not derived from these (they have their own exactly-once path, <see cref="CounterStore"/>).
/// </summary>
public static class CommunityEvents
{
    /// <summary>A user liked a note (not sent for an unlike). Session: the note id.</summary>
    public const string NoteLiked = "note.liked";

    /// <summary>A user collected a note into one of their boards (first collect only, not a move). Session: the note id.</summary>
    public const string NoteCollected = "note.collected";

    /// <summary>A user followed another. Session: the followee.</summary>
    public const string UserFollowed = "user.followed";

    /// <summary>A comment or reply became visible (published at once, or approved by a moderator). Session: the note id.</summary>
    public const string CommentPublished = "comment.published";

    internal static OutgoingMessage Liked(Like like) =>
        OutgoingMessage.Create(Destinations.Events, NoteLiked, new NoteEngaged(like.NoteId, like.NoteAuthorId, like.UserId, like.ChangedAt),
            sessionId: like.NoteId, correlationId: like.NoteId, createdAt: like.ChangedAt);

    internal static OutgoingMessage Collected(Collect collect) =>
        OutgoingMessage.Create(Destinations.Events, NoteCollected, new NoteEngaged(collect.NoteId, collect.NoteAuthorId, collect.UserId, collect.CollectedAt),
            sessionId: collect.NoteId, correlationId: collect.NoteId, createdAt: collect.CollectedAt);

    internal static OutgoingMessage Followed(Follow follow) =>
        OutgoingMessage.Create(Destinations.Events, UserFollowed, new UserFollowed(follow.FollowerId, follow.FolloweeId, follow.FollowedAt),
            sessionId: follow.FolloweeId, correlationId: follow.FollowerId, createdAt: follow.FollowedAt);

    internal static OutgoingMessage Published(Comment comment, DateTimeOffset at) =>
        OutgoingMessage.Create(Destinations.Events, CommentPublished, new CommentPublished(
                comment.Id, comment.NoteId, comment.NoteAuthorId, comment.AuthorId, comment.ParentId, comment.ReplyToUserId,
                comment.Mentions.Select(m => m.UserId).Distinct(StringComparer.Ordinal).ToList(), at),
            sessionId: comment.NoteId, correlationId: comment.Id, createdAt: at);
}

/// <summary>Body of <see cref="CommunityEvents.NoteLiked"/> and <see cref="CommunityEvents.NoteCollected"/>.</summary>
public sealed record NoteEngaged(string NoteId, string NoteAuthorId, string UserId, DateTimeOffset At);

/// <summary>Body of <see cref="CommunityEvents.UserFollowed"/>.</summary>
public sealed record UserFollowed(string FollowerId, string FolloweeId, DateTimeOffset At);

/// <summary>Body of <see cref="CommunityEvents.CommentPublished"/>: who wrote it, on whose note, whom it answers and mentions.</summary>
public sealed record CommentPublished(
    string CommentId,
    string NoteId,
    string NoteAuthorId,
    string AuthorId,
    string? ParentId,
    string? ReplyToUserId,
    IReadOnlyList<string> MentionedUserIds,
    DateTimeOffset At);
