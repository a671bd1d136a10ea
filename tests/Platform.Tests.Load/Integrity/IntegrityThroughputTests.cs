using System.Diagnostics;
using Platform.Core.Integrity;
using Xunit.Abstractions;

namespace Platform.Tests.Integrity;

/// <summary>
/// Rules-engine throughput on a generated corpus with a 5,000-term lexicon, against a naive per-term scan in the same run.
/// Asserts only that both find the same matches; the figures go to the test output (no timing thresholds).
/// </summary>
public sealed class IntegrityThroughputTests(ITestOutputHelper output)
{
    private const int LexiconSize = 5000;

    [Fact]
    public void Aho_corasick_matches_a_naive_per_term_scan_and_reports_throughput()
    {
        var random = new Random(42);
        var lexicon = GenerateLexicon(random);
        var engine = new IntegrityEngine(new IntegrityOptions(), lexicon.Select(t => (t, IntegrityOutcome.Hold)));
        var patterns = lexicon.Select(t => NormalizedText.NormalizePattern(t, IntegrityRules.Homophones)).ToArray();
        var matcher = new AhoCorasick(patterns);
        var corpus = GenerateCorpus(random, lexicon, count: 2000);
        var compact = corpus.Select(n => NormalizedText.Create(n, IntegrityRules.Homophones).Compact).ToArray();

        // Same answers first: every (pattern, start) either way.
        var total = 0;
        foreach (var text in compact)
        {
            var fast = new List<(int, int)>();
            matcher.Match(text, (p, s, _) => fast.Add((p, s)));
            var naive = NaiveScan(patterns, text);
            Assert.Equal(naive.Order(), fast.Order());
            total += fast.Count;
        }

        Assert.True(total > corpus.Length, "the corpus should contain lexicon terms");

        var naiveRate = Rate(compact, text => NaiveScan(patterns, text).Count, minNotes: 300);
        var matcherRate = Rate(compact, text =>
        {
            var n = 0;
            matcher.Match(text, (_, _, _) => n++);
            return n;
        }, minNotes: 5000);
        var engineRate = Rate(corpus, text => engine.Evaluate("body", text, new ContentContext(Sponsored: true, Commercial: true)).Findings.Count, minNotes: 3000);

        output.WriteLine($"lexicon: {LexiconSize} generated terms + built-ins ({engine.PatternCount} patterns); corpus: {corpus.Length} notes, avg {corpus.Average(n => n.Length):F0} chars; one thread");
        output.WriteLine($"naive per-term scan (IndexOf per term, normalised text): {naiveRate:F0} notes/s");
        output.WriteLine($"Aho-Corasick matcher (normalised text):                 {matcherRate:F0} notes/s ({matcherRate / naiveRate:F0}x naive)");
        output.WriteLine($"full engine (normalise + lexicon + contact patterns):   {engineRate:F0} notes/s ({engineRate / naiveRate:F0}x naive)");
    }

    private static List<(int, int)> NaiveScan(string[] patterns, string text)
    {
        var hits = new List<(int, int)>();
        for (var p = 0; p < patterns.Length; p++)
        {
            var from = 0;
            int at;
            while (from < text.Length && (at = text.IndexOf(patterns[p], from, StringComparison.Ordinal)) >= 0)
            {
                hits.Add((p, at));
                from = at + 1;
            }
        }

        return hits;
    }

    // Runs over the corpus (repeating it) until at least minNotes were checked and half a second passed.
    private static double Rate(string[] notes, Func<string, int> check, int minNotes)
    {
        for (var i = 0; i < Math.Min(200, notes.Length); i++)
        {
            check(notes[i]);
        }

        var watch = Stopwatch.StartNew();
        var done = 0;
        var sink = 0;
        while (done < minNotes || watch.Elapsed < TimeSpan.FromMilliseconds(500))
        {
            sink += check(notes[done % notes.Length]);
            done++;
        }

        GC.KeepAlive(sink);
        return done / watch.Elapsed.TotalSeconds;
    }

    private static string[] GenerateLexicon(Random random)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        while (terms.Count < LexiconSize)
        {
            var length = random.Next(2, 5);
            terms.Add(random.Next(5) == 0
                ? new string(Enumerable.Range(0, length + 2).Select(_ => (char)('a' + random.Next(26))).ToArray())
                : new string(Enumerable.Range(0, length).Select(_ => CommonHan(random)).ToArray()));
        }

        return [.. terms];
    }

    // Notes of 150-450 characters: common Han characters, some punctuation and Latin, and now and then a lexicon term.
    private static string[] GenerateCorpus(Random random, string[] lexicon, int count) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            var length = random.Next(150, 450);
            var text = new System.Text.StringBuilder(length + 16);
            while (text.Length < length)
            {
                var roll = random.Next(100);
                text.Append(roll switch
                {
                    < 2 => lexicon[random.Next(lexicon.Length)],
                    < 8 => "，",
                    < 10 => " ok ",
                    _ => CommonHan(random).ToString(),
                });
            }

            return text.ToString();
        }).ToArray();

    // A narrow slice of the CJK block so generated terms actually recur in generated text.
    private static char CommonHan(Random random) => (char)(0x4E00 + random.Next(0, 600));
}
