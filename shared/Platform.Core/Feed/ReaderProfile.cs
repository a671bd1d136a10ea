namespace Platform.Core.Feed;

/// <summary>
/// What one signed-in reader is interested in, learnt from what they do: topics (by topic key), creators and products,
/// each with a weight that halves every <see cref="FeedOptions.InterestHalfLife"/> without new signals; the notes they have
/// already seen; and what they said they are not interested in. One document per reader (collection <c>reader-profiles</c>).
/// </summary>
public sealed record ReaderProfile
{
    public required string UserId { get; init; }

    /// <summary>Topic key → interest, as of <see cref="DecayedTo"/>.</summary>
    public Dictionary<string, Interest> Topics { get; init; } = [];

    /// <summary>Creator (author) id → interest.</summary>
    public Dictionary<string, Interest> Creators { get; init; } = [];

    /// <summary>Product id → interest (product clicks).</summary>
    public Dictionary<string, Interest> Products { get; init; } = [];

    /// <summary>Notes the reader has seen (impressions, views, likes), most recent first.</summary>
    public List<string> Seen { get; init; } = [];

    public List<string> NotInterestedNotes { get; init; } = [];

    /// <summary>Topic keys.</summary>
    public List<string> NotInterestedTopics { get; init; } = [];

    public List<string> NotInterestedCreators { get; init; } = [];

    /// <summary>The time the interest weights are decayed to.</summary>
    public DateTimeOffset DecayedTo { get; init; }

    /// <summary>Likes and collects up to this time are folded in (<see cref="ReaderProfiles.SyncEngagementAsync"/>).</summary>
    public DateTimeOffset? EngagementSyncedTo { get; init; }

    /// <summary>Activity batches already applied (most recent first, a few): a batch delivered twice counts once.</summary>
    public List<string> AppliedBatches { get; init; } = [];
}

/// <summary>One interest: its decayed weight, and whether it came (partly) from a like or collect (for the "why" text).</summary>
public sealed record Interest(double Weight, bool Liked);

/// <summary>One thing a reader did with a note, reduced to what the profile learns from it.</summary>
/// <param name="Weight">How strongly it says "more like this" (0 for a bare impression: seen, not chosen).</param>
/// <param name="Liked">A like or collect: the "why" says "because you liked #topic".</param>
public sealed record InterestSignal(
    string NoteId, string AuthorId, IReadOnlyList<string> TopicKeys, string? ProductId, double Weight, bool Liked);

/// <summary>The pure rules of a profile: decay, learning from signals, "not interested".</summary>
public static class ReaderProfileRules
{
    private const int RememberedBatches = 20;

    /// <summary>The profile with every weight decayed to <paramref name="now"/>.</summary>
    public static ReaderProfile DecayTo(ReaderProfile profile, DateTimeOffset now, TimeSpan halfLife)
    {
        if (now <= profile.DecayedTo)
        {
            return profile;
        }

        var factor = Math.Pow(0.5, (now - profile.DecayedTo) / halfLife);
        return profile with
        {
            Topics = Scale(profile.Topics, factor),
            Creators = Scale(profile.Creators, factor),
            Products = Scale(profile.Products, factor),
            DecayedTo = now,
        };
    }

    /// <summary>Learns from signals: decays, adds their weights, remembers the notes as seen, keeps the strongest interests.</summary>
    public static ReaderProfile Learn(ReaderProfile profile, IEnumerable<InterestSignal> signals, DateTimeOffset now, FeedOptions options)
    {
        var next = DecayTo(profile, now, options.InterestHalfLife);
        var topics = new Dictionary<string, Interest>(next.Topics, StringComparer.Ordinal);
        var creators = new Dictionary<string, Interest>(next.Creators, StringComparer.Ordinal);
        var products = new Dictionary<string, Interest>(next.Products, StringComparer.Ordinal);
        var seen = new List<string>();
        foreach (var signal in signals)
        {
            seen.Add(signal.NoteId);
            if (signal.Weight <= 0)
            {
                continue;
            }

            foreach (var topic in signal.TopicKeys.Distinct(StringComparer.Ordinal))
            {
                Add(topics, topic, signal.Weight, signal.Liked);
            }

            Add(creators, signal.AuthorId, signal.Weight, signal.Liked);
            if (signal.ProductId is { } product)
            {
                Add(products, product, signal.Weight, signal.Liked);
            }
        }

        return next with
        {
            Topics = Strongest(topics, options.MaxProfileInterests),
            Creators = Strongest(creators, options.MaxProfileInterests),
            Products = Strongest(products, options.MaxProfileInterests),
            Seen = MostRecentFirst(seen, next.Seen, options.MaxSeenNotes),
        };
    }

    /// <summary>Records a batch id; false when it was applied already.</summary>
    public static bool TryMarkBatch(ref ReaderProfile profile, string batchId)
    {
        if (profile.AppliedBatches.Contains(batchId))
        {
            return false;
        }

        profile = profile with { AppliedBatches = [batchId, .. profile.AppliedBatches.Take(RememberedBatches - 1)] };
        return true;
    }

    /// <summary>
    /// "Not interested": the note (and whatever else is named) never comes back, and its weight is taken out of the
    /// interests so related notes sink too.
    /// </summary>
    public static ReaderProfile NotInterested(ReaderProfile profile, string? noteId, string? topicKey, string? creatorId, FeedOptions options)
    {
        var next = profile;
        if (noteId is not null)
        {
            next = next with { NotInterestedNotes = MostRecentFirst([noteId], next.NotInterestedNotes, options.MaxSeenNotes) };
        }

        if (topicKey is not null)
        {
            var topics = new Dictionary<string, Interest>(next.Topics, StringComparer.Ordinal);
            topics.Remove(topicKey);
            next = next with { Topics = topics, NotInterestedTopics = MostRecentFirst([topicKey], next.NotInterestedTopics, options.MaxProfileInterests) };
        }

        if (creatorId is not null)
        {
            var creators = new Dictionary<string, Interest>(next.Creators, StringComparer.Ordinal);
            creators.Remove(creatorId);
            next = next with { Creators = creators, NotInterestedCreators = MostRecentFirst([creatorId], next.NotInterestedCreators, options.MaxProfileInterests) };
        }

        return next;
    }

    private static void Add(Dictionary<string, Interest> interests, string key, double weight, bool liked)
    {
        var current = interests.GetValueOrDefault(key);
        interests[key] = new Interest((current?.Weight ?? 0) + weight, liked || current?.Liked == true);
    }

    private static Dictionary<string, Interest> Scale(Dictionary<string, Interest> interests, double factor) =>
        interests.ToDictionary(p => p.Key, p => p.Value with { Weight = p.Value.Weight * factor }, StringComparer.Ordinal);

    private static Dictionary<string, Interest> Strongest(Dictionary<string, Interest> interests, int max) =>
        interests.Count <= max
            ? interests
            : interests.OrderByDescending(p => p.Value.Weight).ThenBy(p => p.Key, StringComparer.Ordinal).Take(max)
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static List<string> MostRecentFirst(IEnumerable<string> newest, IEnumerable<string> older, int max) =>
        newest.Reverse().Concat(older).Distinct(StringComparer.Ordinal).Take(max).ToList();
}
