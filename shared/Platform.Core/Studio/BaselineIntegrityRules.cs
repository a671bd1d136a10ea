using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Core.Studio;

/// <summary>
/// A small, self-contained version of the platform's integrity rules for drafts, used until the community feature's rule
/// engine is wired in: absolute terms banned in ads, medical claims banned for cosmetics, and contact details.
/// Chinese terms are matched after normalising separators (最·佳) and homophones (蕞).
/// </summary>
public sealed partial class BaselineIntegrityRules : IDraftIntegrityRules
{
    public const string AbsoluteTerm = "ad.absolute_term";
    public const string MedicalClaim = "cosmetics.medical_claim";
    public const string ContactDetail = "contact.details";

    // Term → a compliant wording ("" deletes the term).
    private static readonly (string Rule, string Term, string Repair)[] ChineseTerms =
    [
        (AbsoluteTerm, "最高级", "高级"), (AbsoluteTerm, "最佳", "出色"), (AbsoluteTerm, "最好", "很好"), (AbsoluteTerm, "最强", "很强"),
        (AbsoluteTerm, "最低价", "优惠价"), (AbsoluteTerm, "最便宜", "实惠"), (AbsoluteTerm, "最先进", "先进"),
        (AbsoluteTerm, "最受欢迎", "很受欢迎"), (AbsoluteTerm, "销量第一", "热销"), (AbsoluteTerm, "排名第一", "口碑好"),
        (AbsoluteTerm, "全网第一", "热门"), (AbsoluteTerm, "第一品牌", "热门品牌"), (AbsoluteTerm, "国家级", ""), (AbsoluteTerm, "世界级", ""),
        (AbsoluteTerm, "顶级", "高品质"), (AbsoluteTerm, "万能", "多用途"),
        (MedicalClaim, "治疗", "护理"), (MedicalClaim, "消炎", "舒缓"), (MedicalClaim, "抗敏", "温和"), (MedicalClaim, "祛疤", ""),
        (MedicalClaim, "生发", ""), (MedicalClaim, "瘦身", ""), (MedicalClaim, "纯天然", "温和配方"), (MedicalClaim, "药用", ""),
    ];

    private static readonly Dictionary<char, char> Homophones = new() { ['蕞'] = '最', ['嘬'] = '最', ['帝'] = '第' };

    /// <inheritdoc/>
    public Task<IReadOnlyList<IntegrityMatch>> CheckAsync(string text, string language, CancellationToken cancellationToken)
    {
        var matches = new List<IntegrityMatch>();
        FindChinese(text, matches);
        foreach (Match m in EnglishAbsolute().Matches(text))
        {
            matches.Add(new(AbsoluteTerm, m.Value, m.Index, m.Length, m.Value.StartsWith('b') || m.Value.StartsWith('B') ? "great" : "popular"));
        }

        foreach (Match m in EnglishMedical().Matches(text))
        {
            matches.Add(new(MedicalClaim, m.Value, m.Index, m.Length, m.Value.Contains("natural", StringComparison.OrdinalIgnoreCase) ? "gentle" : "care for"));
        }

        foreach (var (_, index, length) in PersonalData.FindContactDetails(text))
        {
            matches.Add(new(ContactDetail, text.Substring(index, length), index, length, ""));
        }

        return Task.FromResult<IReadOnlyList<IntegrityMatch>>(matches.OrderBy(m => m.Index).ToList());
    }

    /// <summary>
    /// A compliant replacement for words another rule engine flagged (it explains, this repairs): the wording from the
    /// tables above when the term is known; otherwise contact details, lures, absolute terms and medical claims are
    /// deleted; anything else (a banned word, say) has no safe repair and is left for a person.
    /// </summary>
    public static string? SuggestRepair(string rule, string matched)
    {
        var normalised = new string(matched.Where(c => !IsSeparator(c)).Select(c => Homophones.GetValueOrDefault(c, c)).ToArray());
        foreach (var (_, term, repair) in ChineseTerms)
        {
            if (normalised == term)
            {
                return repair;
            }
        }

        if (EnglishAbsolute().IsMatch(matched))
        {
            return matched.StartsWith('b') || matched.StartsWith('B') ? "great" : "popular";
        }

        if (EnglishMedical().IsMatch(matched))
        {
            return matched.Contains("natural", StringComparison.OrdinalIgnoreCase) ? "gentle" : "care for";
        }

        return rule.StartsWith("contact.", StringComparison.Ordinal) || rule is AbsoluteTerm or MedicalClaim ? "" : null;
    }

    // Matches on a normalised copy (separators dropped, homophones mapped) and maps each hit back to the original text.
    private static void FindChinese(string text, List<IntegrityMatch> matches)
    {
        var normalised = new StringBuilder(text.Length);
        var origin = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsSeparator(c))
            {
                continue;
            }

            normalised.Append(Homophones.GetValueOrDefault(c, c));
            origin.Add(i);
        }

        var haystack = normalised.ToString();
        var taken = new bool[haystack.Length];
        foreach (var (rule, term, repair) in ChineseTerms)
        {
            for (var at = haystack.IndexOf(term, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(term, at + 1, StringComparison.Ordinal))
            {
                if (Enumerable.Range(at, term.Length).Any(k => taken[k]))
                {
                    continue; // a longer term (最高级) already covers this (最)
                }

                Array.Fill(taken, true, at, term.Length);
                var start = origin[at];
                var end = origin[at + term.Length - 1] + 1;
                matches.Add(new(rule, text[start..end], start, end - start, repair));
            }
        }
    }

    private static bool IsSeparator(char c) =>
        c is '·' or '•' or '.' or '-' or '_' or '*' or '|' or '/' or '\\' or '~' or '、' or '丶' or '\u200B' or '\u200C' or '\u200D' or '\u00A0'
        || char.IsWhiteSpace(c);

    [GeneratedRegex(@"\b(the best|best|no\.?\s?1|number one|world[- ]class|top[- ]rated)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishAbsolute();

    [GeneratedRegex(@"\b(cures?|heals?|anti-inflammatory|100% natural|all[- ]natural)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishMedical();
}
