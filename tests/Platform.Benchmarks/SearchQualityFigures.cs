using System.Globalization;
using Platform.Tests.Search.Quality;

namespace Platform.Benchmarks;

/// <summary>
/// NDCG@10 and zero-result rate on the labelled search-quality set, per family and overall, before (query understanding off:
/// every word must match as typed, no folding, no synonyms, no partial matches) and after (on), on the embedded Lucene engine
/// in the same run. Goals: zero-result rate at most 5%, NDCG@10 at least 0.8.
/// </summary>
internal static class SearchQualityFigures
{
    public static async Task RunAsync()
    {
        var set = SearchQualitySet.LoadFromOutput();
        var before = await set.ScoreAsync(queryUnderstanding: false);
        var after = await set.ScoreAsync(queryUnderstanding: true);
        Console.WriteLine($"{set.Queries.Count} labelled queries over {set.Notes.Count} notes; NDCG@{SearchQualitySet.Depth}, zero-result rate");
        Console.WriteLine($"{"family",-28}{"queries",8}{"NDCG before",13}{"NDCG after",12}{"zero before",13}{"zero after",12}");
        var beforeByFamily = SearchQualityReport.ByFamily(before).ToDictionary(f => f.Family);
        foreach (var a in SearchQualityReport.ByFamily(after))
        {
            Print(beforeByFamily[a.Family], a);
        }

        Print(SearchQualityReport.Summarise("all", before), SearchQualityReport.Summarise("all", after));
        bool Plain(QueryScore s) => !SearchQualitySet.NeedsPinyin(s.Query.Family);
        Print(SearchQualityReport.Summarise("all but pinyin", before.Where(Plain).ToList()), SearchQualityReport.Summarise("all but pinyin", after.Where(Plain).ToList()));
        Console.WriteLine("Goals: zero-result rate <= 5%, NDCG@10 >= 0.8. Queries still below 0.5 after:");
        foreach (var miss in after.Where(s => s.Ndcg < 0.5))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {miss.Query.Family,-28}{miss.Query.Text,-20}{miss.Ndcg,6:0.00}  top: {string.Join(' ', miss.Top.Take(5))}"));
        }
    }

    private static void Print(SearchQualityReport.Figures before, SearchQualityReport.Figures after) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{after.Family,-28}{after.Queries,8}{before.Ndcg,13:0.000}{after.Ndcg,12:0.000}{before.ZeroResultRate,13:P0}{after.ZeroResultRate,12:P0}"));
}
