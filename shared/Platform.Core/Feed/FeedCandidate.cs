namespace Platform.Core.Feed;

/// <summary>Where a candidate came from (a note may come from several: the strongest reason wins the "why").</summary>
[Flags]
public enum CandidateSources
{
    None = 0,
    Topic = 1,
    Followed = 2,
    SimilarReaders = 4,
    Fresh = 8,
    Popular = 16,
}

/// <summary>A note that may go into a reader's feed, with what ranking needs to know about it.</summary>
/// <param name="TopicKeys">Topic keys (lower-case), as the profile stores them.</param>
/// <param name="Topics">The same topics as written, for the "why" text.</param>
/// <param name="Popularity">Engagement so far (<see cref="Search.EngagementCounts.Popularity"/>).</param>
/// <param name="SourceTopic">The topic key whose list it came from, if any.</param>
public sealed record FeedCandidate(
    string NoteId,
    string AuthorId,
    IReadOnlyList<string> TopicKeys,
    IReadOnlyList<string> Topics,
    DateTimeOffset CreatedAt,
    long Popularity,
    CandidateSources Sources,
    string? SourceTopic = null);

/// <summary>What the ranker knows about the reader: null profile for an anonymous reader.</summary>
/// <param name="Excluded">Notes never to show: seen, already served this session, "not interested".</param>
public sealed record FeedReader(
    string? UserId,
    ReaderProfile? Profile,
    IReadOnlySet<string> Followees,
    IReadOnlySet<string> Excluded,
    DateTimeOffset Now);

/// <summary>A ranked note with its predicted engagement and why.</summary>
public sealed record RankedCandidate(FeedCandidate Candidate, double Score, FeedWhy Why, bool Exploration);
