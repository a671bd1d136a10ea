using Platform.Core.Integrity;

namespace Platform.Tests.Integrity;

/// <summary>
/// The labelled evasion set (the .txt files next to this one, one text a line, '#' starts a comment): positives per
/// family and everyday notes that must pass. Shared by the recall test and the benchmark (linked into it).
/// </summary>
public sealed class LabelledSet
{
    /// <summary>Each family, its file, and the rules any one of which counts as catching it.</summary>
    public static IReadOnlyList<(string Family, string File, string[] Rules)> Families { get; } =
    [
        ("contact words in pinyin/romanised", "contact-romanised.txt", [IntegrityRules.WeChat, IntegrityRules.QqNumber, IntegrityRules.Lure]),
        ("stand-ins for \"add\" (➕薇, jia v)", "contact-add.txt", [IntegrityRules.Lure]),
        ("phones in Chinese numerals", "phone-numerals.txt", [IntegrityRules.Phone]),
        ("special-use cosmetics claims", "special-use.txt", [IntegrityRules.SpecialUseClaim]),
    ];

    public const string EverydayFile = "everyday.txt";

    /// <summary>Notes are judged as commercial ones (they tag a product): the context where every family matters.</summary>
    public static ContentContext Context { get; } = new(Commercial: true);

    private LabelledSet(IReadOnlyDictionary<string, IReadOnlyList<string>> positives, IReadOnlyList<string> everyday)
    {
        Positives = positives;
        Everyday = everyday;
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Positives { get; }

    public IReadOnlyList<string> Everyday { get; }

    public static LabelledSet Load(string directory) => new(
        Families.ToDictionary(f => f.Family, f => (IReadOnlyList<string>)Read(Path.Combine(directory, f.File))),
        Read(Path.Combine(directory, EverydayFile)));

    /// <summary>The set as copied next to the test or benchmark assembly.</summary>
    public static LabelledSet LoadFromOutput() => Load(Path.Combine(AppContext.BaseDirectory, "Labelled"));

    /// <summary>Per family the texts caught and missed, and the everyday texts with any finding (false positives).</summary>
    public Score Evaluate(Func<string, IEnumerable<string>> rulesFound)
    {
        var families = Families.Select(f =>
        {
            var missed = Positives[f.Family].Where(t => !rulesFound(t).Intersect(f.Rules).Any()).ToList();
            return new FamilyScore(f.Family, Positives[f.Family].Count, missed);
        }).ToList();
        var falsePositives = Everyday.Where(t => rulesFound(t).Any()).ToList();
        return new Score(families, Everyday.Count, falsePositives);
    }

    private static List<string> Read(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    public sealed record FamilyScore(string Family, int Count, IReadOnlyList<string> Missed)
    {
        public double Recall => (Count - Missed.Count) / (double)Count;
    }

    public sealed record Score(IReadOnlyList<FamilyScore> Families, int EverydayCount, IReadOnlyList<string> FalsePositives)
    {
        public double FalsePositiveRate => FalsePositives.Count / (double)EverydayCount;
    }
}
