using System.Diagnostics;
using Platform.Benchmarks.PreviousIntegrity;
using Platform.Core.Integrity;
using Platform.Tests.Integrity;

namespace Platform.Benchmarks;

/// <summary>
/// Integrity figures (tests/README.md, "Integrity rules"): recall per evasion family and the false-positive rate on the
/// labelled set, then throughput on generated notes, for the current engine and the previous one (a copy kept in
/// PreviousIntegrity/) in the same run, interleaved round by round.
/// </summary>
internal static class IntegrityFigures
{
    private const int Rounds = 5;

    public static void Run(int noteCount)
    {
        var set = LabelledSet.LoadFromOutput();
        var current = new IntegrityEngine(new IntegrityOptions(), []);
        var previous = new PreviousIntegrityEngine(new IntegrityOptions(), []);
        Func<string, IEnumerable<string>> currentRules = t => current.Evaluate("body", t, LabelledSet.Context).Findings.Select(f => f.RuleId);
        Func<string, IEnumerable<string>> previousRules = t => previous.Evaluate("body", t, LabelledSet.Context).Findings.Select(f => f.RuleId);
        var now = set.Evaluate(currentRules);
        var before = set.Evaluate(previousRules);

        Console.WriteLine($"Labelled set: {set.Positives.Values.Sum(p => p.Count)} positives in {LabelledSet.Families.Count} families, {set.Everyday.Count} everyday notes");
        Console.WriteLine($"  {"family",-40} {"current",9} {"previous",9}");
        foreach (var (family, old) in now.Families.Zip(before.Families))
        {
            Console.WriteLine($"  {family.Family,-40} {family.Recall,9:P1} {old.Recall,9:P1}");
        }

        Console.WriteLine($"  {"false positives (everyday notes flagged)",-40} {now.FalsePositiveRate,9:P1} {before.FalsePositiveRate,9:P1}");
        foreach (var family in now.Families.Where(f => f.Missed.Count > 0))
        {
            Console.WriteLine($"  missed ({family.Family}): {string.Join(" | ", family.Missed)}");
        }

        foreach (var text in now.FalsePositives)
        {
            Console.WriteLine($"  flagged: {text}");
        }

        // Throughput: generated notes (title + body) plus the labelled texts, so both clean and dirty text is timed.
        var notes = Corpus.Generate(noteCount, DateTimeOffset.UtcNow)
            .Select(n => n.Title + "\n" + n.Body)
            .Concat(set.Positives.Values.SelectMany(p => p))
            .Concat(set.Everyday)
            .ToArray();
        var chars = notes.Sum(n => (long)n.Length);
        var runs = new (string Name, Func<string, int> Evaluate, Stopwatch Clock)[]
        {
            ("previous engine", t => previous.Evaluate("body", t, LabelledSet.Context).Findings.Count, new Stopwatch()),
            ("current engine", t => current.Evaluate("body", t, LabelledSet.Context).Findings.Count, new Stopwatch()),
        };

        foreach (var run in runs)
        {
            Measure(run.Evaluate, notes, new Stopwatch()); // warm-up
        }

        for (var round = 0; round < Rounds; round++)
        {
            foreach (var run in round % 2 == 0 ? runs : runs.Reverse())
            {
                Measure(run.Evaluate, notes, run.Clock);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Throughput: {notes.Length:N0} notes (avg {chars / notes.Length} chars) x {Rounds} rounds, one thread, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        foreach (var (name, _, clock) in runs)
        {
            Console.WriteLine($"  {name,-16} {notes.Length * Rounds / clock.Elapsed.TotalSeconds,12:N0} notes/s  {chars * Rounds / clock.Elapsed.TotalSeconds / 1e6,6:F1} M chars/s");
        }

        Console.WriteLine($"  ratio            {runs[1].Clock.Elapsed / runs[0].Clock.Elapsed:F2}x (current time / previous time)");
    }

    private static void Measure(Func<string, int> evaluate, string[] notes, Stopwatch clock)
    {
        var findings = 0;
        clock.Start();
        foreach (var note in notes)
        {
            findings += evaluate(note);
        }

        clock.Stop();
        GC.KeepAlive(findings);
    }
}
