using System.Globalization;

namespace Platform.Tests.Search.Quality;

/// <summary>
/// The labelled search-quality set on the embedded engine, as the benchmark runs it: the whole set (every family, pinyin
/// included) meets the goals with query understanding on (zero-result rate at most 5%, NDCG@10 at least 0.8), and understanding is
/// what gets it there (off, the same set does clearly worse).
/// </summary>
public sealed class SearchQualityTests
{
    private static readonly SearchQualitySet Set = SearchQualitySet.LoadFromOutput();

    [Fact]
    public void The_set_has_at_least_60_queries_covering_every_family()
    {
        Assert.True(Set.Queries.Count >= 60, $"{Set.Queries.Count} queries");
        Assert.Superset(
            new HashSet<string> { "traditional", "simplified-for-traditional", "synonym", "product-form", "pet-slang", "pinyin-full", "pinyin-initials", "extra-word", "latin-typo", "mixed-script", "topic", "brand" },
            Set.Queries.Select(q => q.Family).ToHashSet());
        Assert.All(Set.Queries, q => Assert.All(q.Grades.Keys, id => Assert.Contains(Set.Notes, n => n.Id == id)));
    }

    [Fact]
    public async Task The_set_meets_the_goals_and_only_with_query_understanding()
    {
        var after = (await Set.ScoreAsync(queryUnderstanding: true)).ToList();
        var before = (await Set.ScoreAsync(queryUnderstanding: false)).ToList();

        var on = SearchQualityReport.Summarise("on", after);
        var off = SearchQualityReport.Summarise("off", before);
        var failures = string.Join("\n", after.Where(s => s.Ndcg < 0.5 || s.ZeroResults)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Query.Family} '{s.Query.Text}': {s.Ndcg:0.00} [{string.Join(' ', s.Top)}]")));
        Assert.True(on.ZeroResultRate <= 0.05, $"zero-result rate {on.ZeroResultRate:P1}\n{failures}");
        Assert.True(on.Ndcg >= 0.8, $"NDCG@10 {on.Ndcg:0.000}\n{failures}");
        Assert.True(off.ZeroResultRate > 0.25 && off.Ndcg < 0.7, $"without understanding: zero-result {off.ZeroResultRate:P1}, NDCG@10 {off.Ndcg:0.000}");
    }

    [Fact]
    public void Ndcg_is_one_for_the_ideal_order_and_lower_otherwise()
    {
        var grades = new Dictionary<string, int> { ["a"] = 3, ["b"] = 1 };
        Assert.Equal(1.0, SearchQualitySet.Ndcg(grades, ["a", "b", "x"]), 6);
        Assert.InRange(SearchQualitySet.Ndcg(grades, ["b", "a"]), 0.5, 0.99);
        Assert.Equal(0.0, SearchQualitySet.Ndcg(grades, ["x"]));
    }
}
