using Platform.Core.Feed;

namespace Platform.Tests.Feed;

/// <summary>The feed's rules on candidates, without storage: seen, hidden, diversity, exploration, not-interested, why.</summary>
public sealed class FeedRankerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly FeedOptions Options = new() { ExplorationShare = 0 };

    private static FeedCandidate Note(string id, string author, string topic, double ageDays = 10, long popularity = 50,
        CandidateSources sources = CandidateSources.Popular) =>
        new(id, author, [topic.ToLowerInvariant()], [topic], Now.AddDays(-ageDays), popularity, sources);

    private static ReaderProfile Profile(params (string Topic, double Weight, bool Liked)[] topics) => new()
    {
        UserId = "reader",
        DecayedTo = Now,
        Topics = topics.ToDictionary(t => t.Topic, t => new Interest(t.Weight, t.Liked)),
    };

    private static FeedReader Reader(ReaderProfile? profile, IEnumerable<string>? excluded = null, IEnumerable<string>? followees = null) =>
        new(profile?.UserId, profile, (followees ?? []).ToHashSet(), (excluded ?? []).ToHashSet(), Now);

    /// <summary>Many notes from many creators in a few topics.</summary>
    private static List<FeedCandidate> Catalogue(int perTopic = 12, params string[] topics) =>
        topics.SelectMany(t => Enumerable.Range(0, perTopic).Select(i => Note($"{t}-{i}", $"{t}-author-{i % 6}", t, popularity: 100 - i))).ToList();

    [Fact]
    public void Notes_of_the_readers_topics_rank_first_and_say_because_you_liked()
    {
        var candidates = Catalogue(12, "露营", "美食", "穿搭");
        var (page, _) = FeedRanker.Arrange(candidates, Reader(Profile(("露营", 10, true), ("美食", 1, false))), 5, Options);

        Assert.Equal(2, page.Count(r => r.Candidate.TopicKeys.Contains("露营")));
        Assert.Equal("露营", page[0].Candidate.TopicKeys[0]);
        Assert.Equal(new FeedWhy(FeedReason.LikedTopic, "because you liked #露营", "露营"), page[0].Why);
        Assert.Contains(page, r => r.Why.Reason == FeedReason.ReadTopic && r.Why.Text == "because you read #美食");
    }

    [Fact]
    public void Seen_and_served_notes_never_come_back()
    {
        var candidates = Catalogue(12, "露营", "美食", "穿搭");
        var first = FeedRanker.Arrange(candidates, Reader(Profile(("露营", 10, true))), 10, Options).Page.Select(r => r.Candidate.NoteId).ToList();
        var second = FeedRanker.Arrange(candidates, Reader(Profile(("露营", 10, true)), excluded: first), 10, Options).Page.Select(r => r.Candidate.NoteId).ToList();

        Assert.Equal(10, first.Count);
        Assert.Equal(10, second.Count);
        Assert.Empty(first.Intersect(second));
    }

    [Fact]
    public void No_page_is_dominated_by_one_creator_or_one_topic()
    {
        // The reader loves one topic, and one creator wrote most of it.
        var candidates = Enumerable.Range(0, 20).Select(i => Note($"star-{i}", "star", "露营", popularity: 1000))
            .Concat(Catalogue(10, "露营", "美食", "穿搭", "旅行"))
            .ToList();
        var profile = Profile(("露营", 10, true)) with { Creators = new() { ["star"] = new Interest(10, true) } };
        var options = new FeedOptions { ExplorationShare = 0, MaxPerCreatorPerPage = 2, MaxTopicShare = 0.4 };

        var (page, _) = FeedRanker.Arrange(candidates, Reader(profile), 20, options);

        Assert.Equal(20, page.Count);
        Assert.All(page.GroupBy(r => r.Candidate.AuthorId), g => Assert.True(g.Count() <= 2, $"{g.Key}: {g.Count()}"));
        Assert.All(page.SelectMany(r => r.Candidate.TopicKeys).GroupBy(t => t), g => Assert.True(g.Count() <= 8, $"{g.Key}: {g.Count()}"));
    }

    [Fact]
    public void Exploration_gives_new_notes_of_new_creators_a_share_of_the_page()
    {
        var established = Catalogue(15, "露营", "美食", "穿搭");
        var newcomers = Enumerable.Range(0, 10).Select(i => Note($"new-{i}", $"newcomer-{i}", "手工", ageDays: 0.5, popularity: 0, CandidateSources.Fresh));
        var options = new FeedOptions { ExplorationShare = 0.2 };

        var (page, _) = FeedRanker.Arrange(established.Concat(newcomers), Reader(Profile(("露营", 10, true))), 20, options);

        var explored = page.Where(r => r.Exploration).ToList();
        Assert.Equal(4, explored.Count);
        Assert.All(explored, r => Assert.StartsWith("new-", r.Candidate.NoteId));
        Assert.All(explored, r => Assert.Equal(new FeedWhy(FeedReason.NewCreator, "new creator", CreatorId: r.Candidate.AuthorId), r.Why));

        var without = FeedRanker.Arrange(established.Concat(newcomers), Reader(Profile(("露营", 10, true))), 20, new FeedOptions { ExplorationShare = 0 }).Page;
        Assert.DoesNotContain(without, r => r.Candidate.NoteId.StartsWith("new-", StringComparison.Ordinal));
    }

    [Fact]
    public void Not_interested_in_a_note_a_topic_or_a_creator_leaves_them_out()
    {
        var candidates = Catalogue(12, "露营", "美食", "穿搭");
        var options = new FeedOptions { ExplorationShare = 0, MaxSeenNotes = 100, MaxProfileInterests = 50 };
        var profile = Profile(("露营", 10, true), ("美食", 5, true));
        var before = FeedRanker.Arrange(candidates, Reader(profile), 10, options).Page;
        Assert.Contains(before, r => r.Candidate.TopicKeys.Contains("露营"));

        var after = ReaderProfileRules.NotInterested(profile, "美食-0", "露营", "穿搭-author-1", options);
        var page = FeedRanker.Arrange(candidates, Reader(after), 30, options).Page;

        Assert.DoesNotContain(page, r => r.Candidate.TopicKeys.Contains("露营"));
        Assert.DoesNotContain(page, r => r.Candidate.NoteId == "美食-0");
        Assert.DoesNotContain(page, r => r.Candidate.AuthorId == "穿搭-author-1");
        Assert.False(after.Topics.ContainsKey("露营"));
    }

    [Fact]
    public void The_readers_own_notes_are_not_in_their_feed()
    {
        var candidates = new[] { Note("mine", "reader", "露营"), Note("theirs", "other", "露营") };
        var (page, remaining) = FeedRanker.Arrange(candidates, Reader(Profile(("露营", 1, true))), 10, Options);
        Assert.Equal(["theirs"], page.Select(r => r.Candidate.NoteId));
        Assert.Equal(0, remaining);
    }

    [Fact]
    public void Anonymous_readers_get_popular_notes_first_with_popular_in_topic()
    {
        var candidates = new[]
        {
            Note("quiet", "a", "上海", popularity: 1) with { SourceTopic = "上海" },
            Note("loud", "b", "上海", popularity: 500) with { SourceTopic = "上海" },
            Note("fresh", "c", "美食", ageDays: 0.1, popularity: 0, CandidateSources.Fresh) with { SourceTopic = "美食" },
        };
        var (page, _) = FeedRanker.Arrange(candidates, Reader(null), 3, Options);

        Assert.Equal("loud", page[0].Candidate.NoteId);
        Assert.Equal(new FeedWhy(FeedReason.PopularInTopic, "popular in #上海", "上海"), page[0].Why);
        Assert.Equal(new FeedWhy(FeedReason.NewNote, "new in #美食", "美食"), page.Single(r => r.Candidate.NoteId == "fresh").Why);
    }

    [Fact]
    public void Followed_creators_and_similar_readers_say_so()
    {
        var candidates = new[]
        {
            Note("followed", "friend", "其他", sources: CandidateSources.Followed),
            Note("similar", "someone", "其他2", sources: CandidateSources.SimilarReaders),
        };
        var (page, _) = FeedRanker.Arrange(candidates, Reader(Profile(), followees: ["friend"]), 2, Options);

        Assert.Equal(FeedReason.FollowedCreator, page.Single(r => r.Candidate.NoteId == "followed").Why.Reason);
        Assert.Equal(FeedReason.SimilarReaders, page.Single(r => r.Candidate.NoteId == "similar").Why.Reason);
    }
}
