using System.Diagnostics;
using Platform.Core.Feed;

namespace Platform.Benchmarks;

/// <summary>
/// Offline evaluation of the "For you" feed (tests/README.md, "Feed evaluation"): simulated readers with hidden topic
/// preferences click according to them; the feed (<see cref="FeedRanker"/> on the candidates <see cref="FeedService"/> would
/// gather, learning with <see cref="ReaderProfileRules"/>) against "latest" and "popular" in the same run, each reader
/// served by all three from the same catalogue, session after session. Reports click-through of the first 20 items per
/// session and creator coverage (the share of creators who got any impression).
/// </summary>
internal static class FeedEvaluation
{
    private const int PageSize = 20;

    public static void Run(string[] args)
    {
        var readers = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        var sessions = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
        var clock = Stopwatch.StartNew();
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var random = new Random(20261202);
        var options = new FeedOptions();

        // Catalogue: 30 topics, 400 creators (each writing mostly in one topic), 8,000 notes over two weeks. Popularity grows with
        // a note's hidden quality, its topic's size and its age; a tenth of the creators are new, with few readers yet.
        var topics = Enumerable.Range(0, 30).Select(i => $"topic{i:00}").ToArray();
        var topicSize = topics.Select((_, i) => 1.0 / (1 + (i * 0.15))).ToArray(); // some topics are much bigger than others
        var creators = Enumerable.Range(0, 400).Select(i => (Id: $"creator{i:000}", Topic: Pick(random, topicSize), New: i % 10 == 0)).ToArray();
        var notes = new List<SimNote>();
        for (var i = 0; i < 8000; i++)
        {
            var creator = creators[random.Next(creators.Length)];
            var topic = random.NextDouble() < 0.8 ? creator.Topic : Pick(random, topicSize);
            var age = creator.New ? random.NextDouble() * 2 : random.NextDouble() * 14;
            var quality = random.NextDouble();
            var popularity = creator.New ? random.Next(0, 4) : (long)(quality * topicSize[topic] * (age + 1) * 40 * random.NextDouble());
            notes.Add(new SimNote($"note{i:0000}", creator.Id, topics[topic], now.AddDays(-age), popularity, quality));
        }

        var byTopicPopular = notes.GroupBy(n => n.Topic).ToDictionary(g => g.Key, g => g.OrderByDescending(n => n.Popularity).ToList());
        var byTopicLatest = notes.GroupBy(n => n.Topic).ToDictionary(g => g.Key, g => g.OrderByDescending(n => n.CreatedAt).ToList());
        var popular = notes.OrderByDescending(n => n.Popularity).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
        var latest = notes.OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
        var byId = notes.ToDictionary(n => n.Id);

        // Readers: three hidden favourite topics (drawn towards the big ones, as people are); they click a note of a favourite
        // topic often and anything else rarely, better notes more.
        var people = Enumerable.Range(0, readers).Select(r => new SimReader($"reader{r:000}",
            Enumerable.Range(0, 3).Select(_ => topics[Pick(random, topicSize)]).ToHashSet(StringComparer.Ordinal))).ToList();

        var arms = new[] { "feed", "latest", "popular" };
        var clicks = arms.ToDictionary(a => a, _ => new long[sessions]);
        var shown = arms.ToDictionary(a => a, _ => new long[sessions]);
        var covered = arms.ToDictionary(a => a, _ => new HashSet<string>(StringComparer.Ordinal));
        var likers = new Dictionary<string, List<string>>(StringComparer.Ordinal); // the feed arm's likes, for similar readers
        foreach (var person in people)
        {
            var profile = new ReaderProfile { UserId = person.Id, DecayedTo = now };
            var seen = arms.ToDictionary(a => a, _ => new HashSet<string>(StringComparer.Ordinal));
            for (var session = 0; session < sessions; session++)
            {
                var at = now.AddHours(session * 6);
                foreach (var arm in arms)
                {
                    var page = arm switch
                    {
                        "latest" => latest.Where(n => !seen[arm].Contains(n.Id)).Take(PageSize).ToList(),
                        "popular" => popular.Where(n => !seen[arm].Contains(n.Id)).Take(PageSize).ToList(),
                        _ => FeedPage(person, profile, at),
                    };
                    var signals = new List<InterestSignal>();
                    foreach (var note in page)
                    {
                        seen[arm].Add(note.Id);
                        covered[arm].Add(note.CreatorId);
                        shown[arm][session]++;
                        var clicked = random.NextDouble() < ClickProbability(person, note);
                        clicks[arm][session] += clicked ? 1 : 0;
                        if (arm == "feed")
                        {
                            // An impression teaches nothing but "seen"; a click is a view with dwell, sometimes a like.
                            var liked = clicked && random.NextDouble() < 0.4;
                            signals.Add(new InterestSignal(note.Id, note.CreatorId, [note.Topic], null, clicked ? (liked ? 4 : 2) : 0, liked));
                            if (liked)
                            {
                                (likers.TryGetValue(note.Id, out var list) ? list : likers[note.Id] = []).Add(person.Id);
                                person.Likes.Add(note.Id);
                            }
                        }
                    }

                    if (arm == "feed")
                    {
                        profile = ReaderProfileRules.Learn(profile, signals, at, options);
                    }
                }
            }
        }

        Console.WriteLine($"Feed evaluation: {readers} readers x {sessions} sessions, {notes.Count:N0} notes, {creators.Length} creators, {topics.Length} topics; first {PageSize} items per session");
        Console.WriteLine("session | " + string.Join(" | ", arms.Select(a => $"{a,8} CTR")) + " | feed / popular | feed / latest");
        for (var s = 0; s < sessions; s++)
        {
            var ctr = arms.ToDictionary(a => a, a => (double)clicks[a][s] / Math.Max(1, shown[a][s]));
            Console.WriteLine($"{s + 1,7} | " + string.Join(" | ", arms.Select(a => $"{ctr[a],12:P1}")) +
                $" | {ctr["feed"] / Math.Max(1e-9, ctr["popular"]),13:F2}x | {ctr["feed"] / Math.Max(1e-9, ctr["latest"]),12:F2}x");
        }

        // The last three sessions together: the feed once it has learnt, with less sampling noise than one session.
        var tail = Enumerable.Range(Math.Max(0, sessions - 3), Math.Min(3, sessions)).ToList();
        double TailCtr(string arm) => (double)tail.Sum(s => clicks[arm][s]) / Math.Max(1, tail.Sum(s => shown[arm][s]));
        Console.WriteLine($"sessions {tail[0] + 1}-{tail[^1] + 1}: feed CTR {TailCtr("feed"):P1} = {TailCtr("feed") / Math.Max(1e-9, TailCtr("popular")):F2}x popular " +
            $"(goal >= 2x), {TailCtr("feed") / Math.Max(1e-9, TailCtr("latest")):F2}x latest");
        Console.WriteLine("creator coverage (creators with any impression): " + string.Join(", ",
            arms.Select(a => $"{a} {(double)covered[a].Count / creators.Length:P0}")) +
            $"; new creators reached by the feed: {creators.Count(c => c.New && covered["feed"].Contains(c.Id))} of {creators.Count(c => c.New)}");
        Console.WriteLine($"took {clock.Elapsed.TotalSeconds:F1} s");

        List<SimNote> FeedPage(SimReader person, ReaderProfile profile, DateTimeOffset at)
        {
            // The candidates FeedService gathers: the reader's strongest topics (popular and latest), fresh, popular,
            // and what readers who liked the same notes liked.
            // Like FeedService, each list is read a few pages deep for notes the reader has not seen.
            var seenIds = profile.Seen.ToHashSet(StringComparer.Ordinal);
            IEnumerable<SimNote> Unseen(List<SimNote> list, int size) =>
                list.Take(size * 4).Where(n => !seenIds.Contains(n.Id)).Take(size);
            var candidates = new List<FeedCandidate>();
            foreach (var topic in profile.Topics.OrderByDescending(t => t.Value.Weight).Take(options.CandidateTopics).Select(t => t.Key))
            {
                candidates.AddRange(Unseen(byTopicPopular[topic], options.CandidatesPerSource).Select(n => Candidate(n, CandidateSources.Topic, topic)));
                candidates.AddRange(Unseen(byTopicLatest[topic], options.CandidatesPerSource / 2).Select(n => Candidate(n, CandidateSources.Topic, topic)));
            }

            candidates.AddRange(Unseen(latest, options.CandidatesPerSource).Select(n => Candidate(n, CandidateSources.Fresh, null)));
            candidates.AddRange(Unseen(popular, options.CandidatesPerSource).Select(n => Candidate(n, CandidateSources.Popular, null)));
            var similar = person.Likes.TakeLast(options.SimilarReaderSeeds)
                .SelectMany(seed => likers.GetValueOrDefault(seed, []).Where(o => o != person.Id).TakeLast(options.SimilarReadersPerSeed))
                .Distinct()
                .SelectMany(o => people.First(p => p.Id == o).Likes.TakeLast(10))
                .GroupBy(n => n).OrderByDescending(g => g.Count()).Take(options.CandidatesPerSource).Select(g => byId[g.Key]);
            candidates.AddRange(similar.Select(n => Candidate(n, CandidateSources.SimilarReaders, null)));

            var reader = new FeedReader(person.Id, ReaderProfileRules.DecayTo(profile, at, options.InterestHalfLife), new HashSet<string>(),
                profile.Seen.ToHashSet(StringComparer.Ordinal), at);
            return FeedRanker.Arrange(candidates, reader, PageSize, options).Page.Select(r => byId[r.Candidate.NoteId]).ToList();
        }
    }

    private static FeedCandidate Candidate(SimNote n, CandidateSources source, string? topic) =>
        new(n.Id, n.CreatorId, [n.Topic], [n.Topic], n.CreatedAt, n.Popularity, source, topic);

    private static double ClickProbability(SimReader reader, SimNote note) =>
        (reader.Favourites.Contains(note.Topic) ? 0.35 : 0.02) * (0.6 + (0.8 * note.Quality));

    private static int Pick(Random random, double[] weights)
    {
        var x = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x <= 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private sealed record SimNote(string Id, string CreatorId, string Topic, DateTimeOffset CreatedAt, long Popularity, double Quality);

    private sealed record SimReader(string Id, HashSet<string> Favourites)
    {
        public List<string> Likes { get; } = [];
    }
}
