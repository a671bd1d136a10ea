using System.Text.Json.Serialization;
using Platform.Core.Notes;

namespace Platform.Core.Feed;

/// <summary>One page of <c>GET /api/feed</c>; pass <see cref="Continuation"/> back for the next (null: nothing more for now).</summary>
public sealed record FeedPage(IReadOnlyList<FeedItem> Items, string? Continuation);

/// <summary>A note in the feed and why it is there.</summary>
public sealed record FeedItem(NoteResponse Note, FeedWhy Why);

/// <summary>Why a note is in the feed: a reason code, the text a card shows, and the topic or creator it refers to.</summary>
public sealed record FeedWhy(FeedReason Reason, string Text, string? Topic = null, string? CreatorId = null);

[JsonConverter(typeof(JsonStringEnumConverter<FeedReason>))]
public enum FeedReason
{
    /// <summary>"because you liked #露营": a topic of notes the reader liked or collected.</summary>
    LikedTopic,

    /// <summary>"because you read #露营": a topic of notes the reader read or shared.</summary>
    ReadTopic,

    /// <summary>From a creator the reader follows.</summary>
    FollowedCreator,

    /// <summary>From a creator whose notes the reader engaged with.</summary>
    FamiliarCreator,

    /// <summary>Readers who liked what the reader liked also liked this.</summary>
    SimilarReaders,

    /// <summary>Exploration: a creator new to the reader, with few readers yet.</summary>
    NewCreator,

    /// <summary>Exploration or fresh: a new note.</summary>
    NewNote,

    /// <summary>"popular in #上海".</summary>
    PopularInTopic,

    Popular,
}

/// <summary>Body of <c>POST /api/feed/not-interested</c>: name at least one of a note, a topic, a creator.</summary>
public sealed record NotInterestedRequest(string? NoteId = null, string? Topic = null, string? CreatorId = null);

/// <summary>What was recorded (topic as its key).</summary>
public sealed record NotInterestedResult(string? NoteId, string? Topic, string? CreatorId);
