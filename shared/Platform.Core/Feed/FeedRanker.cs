namespace Platform.Core.Feed;

/// <summary>
/// The feed's rules, pure: which candidates are eligible (nothing seen, served, hidden by "not interested" or the reader's
/// own), their predicted engagement, and how a page is laid out (exploration slots, at most a few notes per creator and a
/// share per topic).
/// </summary>
public static class FeedRanker
{
    /// <summary>The page, in order, and how many eligible candidates were left after it.</summary>
    public static (IReadOnlyList<RankedCandidate> Page, int Remaining) Arrange(
        IEnumerable<FeedCandidate> candidates, FeedReader reader, int pageSize, FeedOptions options)
    {
        var eligible = Merge(candidates).Where(c => IsEligible(c, reader)).ToList();
        var maxTopicWeight = MaxWeight(reader.Profile?.Topics);
        var maxCreatorWeight = MaxWeight(reader.Profile?.Creators);
        var maxPopularity = eligible.Count == 0 ? 0 : eligible.Max(c => c.Popularity);

        var main = eligible
            .Select(c => Rank(c, reader, maxTopicWeight, maxCreatorWeight, maxPopularity, options))
            .OrderByDescending(r => r.Score).ThenByDescending(r => r.Candidate.CreatedAt).ThenBy(r => r.Candidate.NoteId, StringComparer.Ordinal)
            .ToList();
        // Exploration gives new notes a fair first audience: each reader sees a different (but stable) selection of them.
        var exploration = main.Where(r => IsExploration(r.Candidate, reader, options))
            .OrderBy(r => StableHash(reader.UserId + "|" + r.Candidate.NoteId))
            .Select(r => r with { Exploration = true, Why = ExplorationWhy(r.Candidate, reader) })
            .ToList();

        var page = new List<RankedCandidate>();
        var perCreator = new Dictionary<string, int>(StringComparer.Ordinal);
        var perTopic = new Dictionary<string, int>(StringComparer.Ordinal);
        var maxPerTopic = Math.Max(1, (int)Math.Floor(options.MaxTopicShare * pageSize));
        var explorationEvery = options.ExplorationShare <= 0 ? int.MaxValue : Math.Max(2, (int)Math.Round(1 / options.ExplorationShare));
        var taken = new HashSet<string>(StringComparer.Ordinal);
        for (var slot = 0; slot < pageSize; slot++)
        {
            var explore = (slot + 1) % explorationEvery == 0;
            var next = FirstFitting(explore ? exploration : main) ?? FirstFitting(explore ? main : exploration);
            if (next is null)
            {
                break;
            }

            page.Add(next);
            taken.Add(next.Candidate.NoteId);
            perCreator[next.Candidate.AuthorId] = perCreator.GetValueOrDefault(next.Candidate.AuthorId) + 1;
            foreach (var topic in next.Candidate.TopicKeys)
            {
                perTopic[topic] = perTopic.GetValueOrDefault(topic) + 1;
            }
        }

        return (page, eligible.Count - page.Count);

        RankedCandidate? FirstFitting(List<RankedCandidate> pool) => pool.FirstOrDefault(r =>
            !taken.Contains(r.Candidate.NoteId)
            && perCreator.GetValueOrDefault(r.Candidate.AuthorId) < options.MaxPerCreatorPerPage
            && r.Candidate.TopicKeys.All(t => perTopic.GetValueOrDefault(t) < maxPerTopic));
    }

    public static bool IsEligible(FeedCandidate candidate, FeedReader reader) =>
        !reader.Excluded.Contains(candidate.NoteId)
        && candidate.AuthorId != reader.UserId
        && (reader.Profile is not { } p
            || (!p.NotInterestedNotes.Contains(candidate.NoteId)
                && !p.NotInterestedCreators.Contains(candidate.AuthorId)
                && !candidate.TopicKeys.Any(p.NotInterestedTopics.Contains)));

    /// <summary>New (young, little engagement) and from a creator the reader does not know yet, or simply new for anyone.</summary>
    public static bool IsExploration(FeedCandidate candidate, FeedReader reader, FeedOptions options) =>
        reader.Now - candidate.CreatedAt <= options.ExplorationMaxAge
        && candidate.Popularity <= options.ExplorationMaxPopularity
        && !reader.Followees.Contains(candidate.AuthorId);

    private static RankedCandidate Rank(
        FeedCandidate c, FeedReader reader, double maxTopicWeight, double maxCreatorWeight, long maxPopularity, FeedOptions options)
    {
        var profile = reader.Profile;
        // Topic affinity: the best matching topic counts fully, further ones a little.
        var topicScores = c.TopicKeys
            .Select(k => (Key: k, Interest: profile?.Topics.GetValueOrDefault(k)))
            .Where(t => t.Interest is not null)
            .Select(t => (t.Key, t.Interest!.Liked, Affinity: t.Interest.Weight / maxTopicWeight))
            .OrderByDescending(t => t.Affinity)
            .ToList();
        var topicAffinity = topicScores.Count == 0 ? 0 : topicScores[0].Affinity + (0.25 * topicScores.Skip(1).Sum(t => t.Affinity));
        var creatorAffinity = (profile?.Creators.GetValueOrDefault(c.AuthorId)?.Weight ?? 0) / maxCreatorWeight;
        var followed = reader.Followees.Contains(c.AuthorId) ? 0.6 : 0;
        var similar = c.Sources.HasFlag(CandidateSources.SimilarReaders) ? 0.5 : 0;
        var prior = maxPopularity <= 0 ? 0 : 0.4 * Math.Log(1 + c.Popularity) / Math.Log(1 + maxPopularity);
        var freshness = 0.3 * Math.Pow(0.5, Math.Max(0, (reader.Now - c.CreatedAt).TotalDays) / 2);
        var score = (2 * topicAffinity) + creatorAffinity + followed + similar + prior + freshness;

        var topic = topicScores.Count > 0 ? topicScores[0] : default;
        var why = new[]
        {
            (Weight: 2 * topicAffinity, Why: topicScores.Count == 0 ? null : new FeedWhy(
                topic.Liked ? FeedReason.LikedTopic : FeedReason.ReadTopic,
                $"{(topic.Liked ? "because you liked" : "because you read")} #{Display(c, topic.Key)}", Display(c, topic.Key))),
            (Weight: followed, Why: followed > 0 ? new FeedWhy(FeedReason.FollowedCreator, "from a creator you follow", CreatorId: c.AuthorId) : null),
            (Weight: creatorAffinity, Why: creatorAffinity > 0 ? new FeedWhy(FeedReason.FamiliarCreator, "because you liked this creator's notes", CreatorId: c.AuthorId) : null),
            (Weight: similar, Why: similar > 0 ? new FeedWhy(FeedReason.SimilarReaders, "readers like you liked this") : null),
        }.Where(w => w.Why is not null && w.Weight >= 0.2).OrderByDescending(w => w.Weight).Select(w => w.Why).FirstOrDefault()
            ?? DefaultWhy(c);
        return new RankedCandidate(c, score, why, Exploration: false);
    }

    private static FeedWhy DefaultWhy(FeedCandidate c)
    {
        var topic = c.SourceTopic is { } key ? Display(c, key) : c.Topics.Count > 0 ? c.Topics[0] : null;
        if (c.Sources.HasFlag(CandidateSources.Fresh) && !c.Sources.HasFlag(CandidateSources.Popular))
        {
            return topic is null ? new FeedWhy(FeedReason.NewNote, "new") : new FeedWhy(FeedReason.NewNote, $"new in #{topic}", topic);
        }

        return topic is null ? new FeedWhy(FeedReason.Popular, "popular now") : new FeedWhy(FeedReason.PopularInTopic, $"popular in #{topic}", topic);
    }

    private static FeedWhy ExplorationWhy(FeedCandidate c, FeedReader reader) =>
        reader.Profile?.Creators.ContainsKey(c.AuthorId) == true
            ? (c.Topics.Count > 0 ? c.Topics[0] : null) is { } topic ? new FeedWhy(FeedReason.NewNote, $"new in #{topic}", topic) : new FeedWhy(FeedReason.NewNote, "new")
            : new FeedWhy(FeedReason.NewCreator, "new creator", CreatorId: c.AuthorId);

    /// <summary>The topic as the note writes it, for a key.</summary>
    private static string Display(FeedCandidate c, string key)
    {
        var index = c.TopicKeys.ToList().IndexOf(key);
        return index >= 0 && index < c.Topics.Count ? c.Topics[index] : key;
    }

    /// <summary>A note found by several sources is one candidate with all their flags.</summary>
    private static IEnumerable<FeedCandidate> Merge(IEnumerable<FeedCandidate> candidates) =>
        candidates.GroupBy(c => c.NoteId, StringComparer.Ordinal).Select(g => g.First() with
        {
            Sources = g.Aggregate(CandidateSources.None, (s, c) => s | c.Sources),
            SourceTopic = g.Select(c => c.SourceTopic).FirstOrDefault(t => t is not null),
            Popularity = g.Max(c => c.Popularity),
        });

    private static double MaxWeight(Dictionary<string, Interest>? interests) =>
        interests is { Count: > 0 } ? Math.Max(interests.Values.Max(i => i.Weight), 1e-9) : 1;

    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in text)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        return hash;
    }
}
