using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

using Platform.Core.Integrity;

// A frozen copy of the rules engine before the evasion work (issue 15), kept only so the benchmark can compare recall and
// throughput with it in the same run. Not used by the platform.
namespace Platform.Benchmarks.PreviousIntegrity;

/// <summary>
/// The content rules: normalises text, finds every listed term in one Aho-Corasick pass plus a few patterns for contact
/// details, and explains each finding (rule, words, span in the original text). Built once at start-up; thread-safe.
/// </summary>
public sealed partial class PreviousIntegrityEngine
{
    private readonly IReadOnlyDictionary<char, char> _homophones;
    private readonly AhoCorasick _matcher;
    private readonly LexiconEntry[] _entries;
    private readonly HashSet<string> _allowedLinkHosts;

    public PreviousIntegrityEngine(IOptions<IntegrityOptions> options)
        : this(options.Value, LoadBannedFile(options.Value))
    {
    }

    /// <summary>Builds the engine from options plus banned terms given directly (each with its outcome).</summary>
    public PreviousIntegrityEngine(IntegrityOptions options, IEnumerable<(string Term, IntegrityOutcome Outcome)> bannedTerms)
    {
        _homophones = PreviousIntegrityRules.Homophones;
        _allowedLinkHosts = options.AllowedLinkHosts.Select(h => h.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

        var entries = new List<LexiconEntry>();
        void Add(IEnumerable<string> terms, string rule, IntegrityOutcome outcome)
        {
            foreach (var term in terms)
            {
                var pattern = PreviousNormalizedText.NormalizePattern(term, _homophones);
                if (pattern.Length > 0)
                {
                    entries.Add(new LexiconEntry(pattern, rule, outcome));
                }
            }
        }

        Add(PreviousIntegrityRules.AbsoluteTerms, PreviousIntegrityRules.AbsoluteTerm, IntegrityOutcome.Reject);
        Add(PreviousIntegrityRules.MedicalClaims, PreviousIntegrityRules.MedicalClaim, IntegrityOutcome.Reject);
        Add(PreviousIntegrityRules.QrCodeTerms, PreviousIntegrityRules.QrCode, IntegrityOutcome.Hold);
        Add(PreviousIntegrityRules.LureTerms, PreviousIntegrityRules.Lure, IntegrityOutcome.Hold);
        foreach (var (term, outcome) in options.BannedTerms.Select(t => (t, options.BannedTermOutcome)).Concat(bannedTerms))
        {
            Add([term], PreviousIntegrityRules.Banned, outcome);
        }

        Add(PreviousIntegrityRules.AllowedTerms.Concat(options.AllowedTerms), Allow, IntegrityOutcome.Approve);
        _entries = [.. entries];
        _matcher = new AhoCorasick(_entries.Select(e => e.Pattern).ToList());
    }

    /// <summary>Number of lexicon patterns the matcher was built with (built-in, configured and allowed terms).</summary>
    public int PatternCount => _matcher.PatternCount;

    public IntegrityResult Evaluate(IEnumerable<ContentField> fields, ContentContext context)
    {
        List<IntegrityFinding>? findings = null;
        foreach (var field in fields)
        {
            if (!string.IsNullOrEmpty(field.Text))
            {
                Evaluate(field, context, findings ??= []);
            }
        }

        if (findings is null || findings.Count == 0)
        {
            return IntegrityResult.Clean;
        }

        return new IntegrityResult(findings.Max(f => f.Outcome), findings);
    }

    public IntegrityResult Evaluate(string fieldName, string text, ContentContext context) =>
        Evaluate([new ContentField(fieldName, text)], context);

    private void Evaluate(ContentField field, ContentContext context, List<IntegrityFinding> findings)
    {
        var text = PreviousNormalizedText.Create(field.Text, _homophones);

        // Lexicon: one pass; allowed words then veto the listed terms they contain, and a longer term of the same rule
        // wins over a shorter one inside it ("最好" over "最"), so each finding names the words that were meant.
        var hits = new List<(int Entry, int Start, int Length)>();
        _matcher.Match(text.Compact, (entry, start, length) => hits.Add((entry, start, length)));
        var allowed = hits.Where(h => _entries[h.Entry].Rule == Allow).ToList();
        var kept = hits
            .Where(h => _entries[h.Entry].Rule != Allow)
            .Where(h => !allowed.Any(a => Contains(a, h)))
            .ToList();
        kept = kept.Where(h => !kept.Any(o => !o.Equals(h) && _entries[o.Entry].Rule == _entries[h.Entry].Rule && Contains(o, h) && o.Length > h.Length))
            .Distinct()
            .ToList();
        foreach (var (entry, start, length) in kept)
        {
            var rule = _entries[entry].Rule;
            if (OutcomeFor(rule, _entries[entry].Outcome, context) is not { } outcome)
            {
                continue;
            }

            var (originalStart, originalLength) = text.ToOriginal(start, length);
            AddFinding(findings, rule, outcome, field, originalStart, originalLength);
        }

        // Contact details need their punctuation, so they are matched on the folded text (same offsets as the original),
        // except WeChat and QQ ids whose keywords evaders split ("微·信", "v x").
        foreach (Match m in PhonePattern().Matches(text.Folded))
        {
            AddFinding(findings, PreviousIntegrityRules.Phone, IntegrityOutcome.Reject, field, m.Index, m.Length);
        }

        foreach (Match m in EmailPattern().Matches(text.Folded))
        {
            AddFinding(findings, PreviousIntegrityRules.Email, IntegrityOutcome.Reject, field, m.Index, m.Length);
        }

        foreach (Match m in LinkPattern().Matches(text.Folded))
        {
            if (!IsAllowedHost(m.Groups["host"].Value) && !IsInsideEmail(text.Folded, m))
            {
                AddFinding(findings, PreviousIntegrityRules.Link, IntegrityOutcome.Reject, field, m.Index, m.Length);
            }
        }

        foreach (Match m in WeChatPattern().Matches(text.Compact))
        {
            var (s, l) = text.ToOriginal(m.Index, m.Length);
            AddFinding(findings, PreviousIntegrityRules.WeChat, IntegrityOutcome.Reject, field, s, l);
        }

        foreach (Match m in QqPattern().Matches(text.Compact))
        {
            var (s, l) = text.ToOriginal(m.Index, m.Length);
            AddFinding(findings, PreviousIntegrityRules.QqNumber, IntegrityOutcome.Reject, field, s, l);
        }
    }

    // Advertising Law applies to ads; cosmetics claims matter most where something is sold; contact details everywhere.
    private static IntegrityOutcome? OutcomeFor(string rule, IntegrityOutcome listed, ContentContext context) => rule switch
    {
        PreviousIntegrityRules.AbsoluteTerm => context.Sponsored ? IntegrityOutcome.Reject : null,
        PreviousIntegrityRules.MedicalClaim => context.Sponsored ? IntegrityOutcome.Reject
            : context.Commercial ? IntegrityOutcome.Hold
            : IntegrityOutcome.ApproveWithFlags,
        _ => listed,
    };

    private static void AddFinding(List<IntegrityFinding> findings, string rule, IntegrityOutcome outcome, ContentField field, int start, int length)
    {
        var matched = field.Text.Substring(start, length);
        findings.Add(new IntegrityFinding(rule, outcome, field.Name, start, length, matched, Explain(rule, matched)));
    }

    private static string Explain(string rule, string matched) => rule switch
    {
        PreviousIntegrityRules.AbsoluteTerm => $"\"{matched}\" is an absolute term the Advertising Law bans in sponsored content.",
        PreviousIntegrityRules.MedicalClaim => $"\"{matched}\" is a medical or efficacy claim cosmetics may not make.",
        PreviousIntegrityRules.Phone => $"\"{matched}\" looks like a phone number; contact details are not allowed.",
        PreviousIntegrityRules.WeChat => $"\"{matched}\" looks like a WeChat id; contact details are not allowed.",
        PreviousIntegrityRules.QqNumber => $"\"{matched}\" looks like a QQ number; contact details are not allowed.",
        PreviousIntegrityRules.Email => $"\"{matched}\" is an e-mail address; contact details are not allowed.",
        PreviousIntegrityRules.Link => $"\"{matched}\" is an external link; links off the platform are not allowed.",
        PreviousIntegrityRules.QrCode => $"\"{matched}\" mentions a QR code, which leads off the platform.",
        PreviousIntegrityRules.Lure => $"\"{matched}\" invites readers off the platform.",
        _ => $"\"{matched}\" is on the banned list.",
    };

    private bool IsAllowedHost(string host)
    {
        host = host.ToLowerInvariant();
        return _allowedLinkHosts.Any(a => host == a || host.EndsWith("." + a, StringComparison.Ordinal));
    }

    private static bool IsInsideEmail(string text, Match link) => link.Index > 0 && text[link.Index - 1] == '@';

    private static bool Contains((int Entry, int Start, int Length) outer, (int Entry, int Start, int Length) inner) =>
        outer.Start <= inner.Start && outer.Start + outer.Length >= inner.Start + inner.Length;

    private static IEnumerable<(string, IntegrityOutcome)> LoadBannedFile(IntegrityOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.BannedTermsFile))
        {
            return [];
        }

        var path = Path.GetFullPath(options.BannedTermsFile);
        if (!File.Exists(path))
        {
            throw new OptionsValidationException(IntegrityOptions.Section, typeof(IntegrityOptions),
                [$"{IntegrityOptions.Section}:BannedTermsFile '{path}' does not exist."]);
        }

        return ParseBannedTerms(File.ReadLines(path), options.BannedTermOutcome);
    }

    /// <summary>Reads the banned-terms file format: "term" or "term&lt;TAB&gt;flag|hold|reject"; '#' starts a comment line.</summary>
    public static IReadOnlyList<(string Term, IntegrityOutcome Outcome)> ParseBannedTerms(IEnumerable<string> lines, IntegrityOutcome fallback)
    {
        var terms = new List<(string, IntegrityOutcome)>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split('\t', 2, StringSplitOptions.TrimEntries);
            var outcome = parts.Length == 1 ? fallback : parts[1].ToLowerInvariant() switch
            {
                "flag" => IntegrityOutcome.ApproveWithFlags,
                "hold" => IntegrityOutcome.Hold,
                "reject" => IntegrityOutcome.Reject,
                _ => throw new FormatException($"Unknown outcome '{parts[1]}' for banned term '{parts[0]}' (use flag, hold or reject)."),
            };
            terms.Add((parts[0], outcome));
        }

        return terms;
    }

    private const string Allow = "allow";

    private sealed record LexiconEntry(string Pattern, string Rule, IntegrityOutcome Outcome);

    // Mainland mobiles (+86 optional), digits possibly split by spaces, dots, dashes or invisible characters.
    [GeneratedRegex(@"(?<![\d])(?:\+?86[\s\-.\p{Cf}]*)?1[3-9](?:[\s\-.\p{Cf}]*\d){9}(?![\d])")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"[a-z0-9][a-z0-9._%+\-]*@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}")]
    private static partial Regex EmailPattern();

    // A scheme or www, or a bare host under a common TLD ("shop.taobao.com", "abc.cn/x").
    [GeneratedRegex(@"(?:(?:https?://|www\.)(?<host>[a-z0-9\-.]+)[^\s，。]*|(?<![a-z0-9\-.])(?<host>(?:[a-z0-9\-]+\.)+(?:com|cn|net|org|io|cc|me|top|xyz|shop|vip|link|info|co|app))(?![a-z0-9\-])(?:/[^\s，。]*)?)")]
    private static partial Regex LinkPattern();

    // On the compact text: a WeChat keyword, an optional "号/:/是", then an id (6-20 characters, starting with a letter).
    [GeneratedRegex(@"(?:微信|weixin|wechat|vx|wx|v信|威信)(?:号|id)?[:：是]?\s?[a-z][a-z0-9]{5,19}")]
    private static partial Regex WeChatPattern();

    [GeneratedRegex(@"(?:qq|扣扣|企鹅)(?:号|群)?[:：是]?\s?\d{5,11}")]
    private static partial Regex QqPattern();
}
