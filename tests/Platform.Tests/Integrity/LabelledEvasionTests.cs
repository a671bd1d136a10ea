using Platform.Core.Integrity;
using Xunit.Abstractions;

namespace Platform.Tests.Integrity;

/// <summary>The goals of the labelled evasion set: recall of at least 95% per family, false positives at most 1%.</summary>
public sealed class LabelledEvasionTests(ITestOutputHelper output)
{
    private static readonly IntegrityEngine Engine = new(new IntegrityOptions(), []);
    private static readonly LabelledSet Set = LabelledSet.LoadFromOutput();

    [Fact]
    public void The_set_has_forty_positives_per_family_and_two_hundred_everyday_notes()
    {
        Assert.All(LabelledSet.Families, f => Assert.True(Set.Positives[f.Family].Count >= 40, $"{f.Family}: {Set.Positives[f.Family].Count}"));
        Assert.True(Set.Everyday.Count >= 200, $"everyday: {Set.Everyday.Count}");
    }

    [Fact]
    public void Each_family_is_caught_at_least_95_percent_of_the_time()
    {
        var score = Set.Evaluate(Rules);
        foreach (var family in score.Families)
        {
            output.WriteLine($"{family.Family}: {family.Recall:P1}; missed: {string.Join(" | ", family.Missed)}");
        }

        Assert.All(score.Families, f => Assert.True(f.Recall >= 0.95, $"{f.Family}: {f.Recall:P1}, missed {string.Join(" | ", f.Missed)}"));
    }

    [Fact]
    public void At_most_one_percent_of_everyday_notes_is_flagged()
    {
        var score = Set.Evaluate(Rules);
        foreach (var text in score.FalsePositives)
        {
            output.WriteLine($"flagged: {text} -> {string.Join(", ", Engine.Evaluate("body", text, LabelledSet.Context).Findings.Select(f => $"{f.RuleId} \"{f.Matched}\""))}");
        }

        Assert.True(score.FalsePositiveRate <= 0.01, $"{score.FalsePositiveRate:P1}: {string.Join(" | ", score.FalsePositives)}");
    }

    [Fact]
    public void Every_finding_in_the_set_names_its_words_at_their_place_in_the_original_text()
    {
        foreach (var text in Set.Positives.Values.SelectMany(t => t))
        {
            foreach (var finding in Engine.Evaluate("body", text, LabelledSet.Context).Findings)
            {
                Assert.Equal(finding.Matched, text.Substring(finding.Start, finding.Length));
            }
        }
    }

    private static IEnumerable<string> Rules(string text) =>
        Engine.Evaluate("body", text, LabelledSet.Context).Findings.Select(f => f.RuleId);
}
