using System.Buffers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Platform.Core.Integrity;

/// <summary>
/// The content rules: normalises text, finds every listed term in one Aho-Corasick pass plus a few patterns for contact
/// details, and explains each finding (rule, words, span in the original text). Built once at start-up; thread-safe.
/// </summary>
/// <remarks>
/// A listed term that starts or ends with a Latin letter matches whole words only ("加v" is not in "加vip"); a term that
/// ends in a one-letter contact name (v, 微) also needs a pause or a function word after it ("加微了解", not "加微辣"); an
/// allowed word vetoes every term it overlaps at the term's first character ("参加微信读书", "完美白T恤").
/// </remarks>
public sealed partial class IntegrityEngine
{
    private readonly IReadOnlyDictionary<char, char> _homophones;
    // Built on first use, not at construction: the engine is a dependency of every note function, and building the automaton
    // on the first request of a cold start (a note read, which never evaluates) delayed its answer.
    private readonly Lazy<(LexiconEntry[] Entries, AhoCorasick Matcher)> _lexicon;
    private readonly HashSet<string> _allowedLinkHosts;

    public IntegrityEngine(IOptions<IntegrityOptions> options)
        : this(options.Value, LoadBannedFile(options.Value))
    {
    }

    /// <summary>Builds the engine from options plus banned terms given directly (each with its outcome).</summary>
    public IntegrityEngine(IntegrityOptions options, IEnumerable<(string Term, IntegrityOutcome Outcome)> bannedTerms)
    {
        _homophones = IntegrityRules.Homophones;
        _allowedLinkHosts = options.AllowedLinkHosts.Select(h => h.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var banned = bannedTerms.ToList();
        _lexicon = new(() => BuildLexicon(options, banned), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private (LexiconEntry[] Entries, AhoCorasick Matcher) BuildLexicon(IntegrityOptions options, IReadOnlyList<(string Term, IntegrityOutcome Outcome)> bannedTerms)
    {
        var entries = new List<LexiconEntry>();
        void Add(IEnumerable<string> terms, string rule, IntegrityOutcome outcome)
        {
            foreach (var term in terms)
            {
                var pattern = NormalizedText.NormalizePattern(term, _homophones);
                if (pattern.Length > 0)
                {
                    entries.Add(LexiconEntry.For(pattern, rule, outcome));
                }
            }
        }

        Add(IntegrityRules.AbsoluteTerms, IntegrityRules.AbsoluteTerm, IntegrityOutcome.Reject);
        Add(IntegrityRules.MedicalClaims, IntegrityRules.MedicalClaim, IntegrityOutcome.Reject);
        Add(IntegrityRules.SpecialUseClaims, IntegrityRules.SpecialUseClaim, IntegrityOutcome.Hold);
        Add(IntegrityRules.QrCodeTerms, IntegrityRules.QrCode, IntegrityOutcome.Hold);
        Add(IntegrityRules.LureTerms.Concat(IntegrityRules.ContactLures), IntegrityRules.Lure, IntegrityOutcome.Hold);
        foreach (var (term, outcome) in options.BannedTerms.Select(t => (t, options.BannedTermOutcome)).Concat(bannedTerms))
        {
            Add([term], IntegrityRules.Banned, outcome);
        }

        Add(IntegrityRules.AllowedTerms.Concat(options.AllowedTerms), Allow, IntegrityOutcome.Approve);
        // The same pattern from two lists (or two spellings that normalise alike) is matched once.
        LexiconEntry[] distinct = [.. entries.DistinctBy(e => (e.Pattern, e.Rule))];
        return (distinct, new AhoCorasick(distinct.Select(e => e.Pattern).ToList()));
    }

    /// <summary>Number of lexicon patterns the matcher was built with (built-in, configured and allowed terms).</summary>
    public int PatternCount => _lexicon.Value.Matcher.PatternCount;

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
        var text = NormalizedText.Create(field.Text, _homophones);

        // Lexicon: one pass; allowed words then veto the listed terms they contain, and a longer term of the same rule
        // wins over a shorter one inside it ("最好" over "最"), so each finding names the words that were meant.
        var hits = new List<(int Entry, int Start, int Length)>();
        var compact = text.Compact;
        var (entries, matcher) = _lexicon.Value;
        matcher.Match(compact, (entry, start, length) =>
        {
            if (entries[entry].Fits(compact, start, length))
            {
                hits.Add((entry, start, length));
            }
        });
        var allowed = hits.Where(h => entries[h.Entry].Rule == Allow).ToList();
        var kept = hits
            .Where(h => entries[h.Entry].Rule != Allow)
            .Where(h => !allowed.Any(a => Contains(a, h) || (a.Start < h.Start && a.Start + a.Length > h.Start)))
            .ToList();
        kept = kept.Where(h => !kept.Any(o => !o.Equals(h) && entries[o.Entry].Rule == entries[h.Entry].Rule && Contains(o, h) && o.Length > h.Length))
            .Distinct()
            .ToList();
        foreach (var (entry, start, length) in kept)
        {
            var rule = entries[entry].Rule;
            if (OutcomeFor(rule, entries[entry].Outcome, context) is not { } outcome)
            {
                continue;
            }

            var (originalStart, originalLength) = text.ToOriginal(start, length);
            AddFinding(findings, rule, outcome, field, originalStart, originalLength);
        }

        // Contact details need their punctuation, so they are matched on the folded text (same offsets as the original),
        // except WeChat and QQ ids whose keywords evaders split ("微·信", "v x").
        foreach (Match m in PhonePattern().Matches(text.Digits))
        {
            AddFinding(findings, IntegrityRules.Phone, IntegrityOutcome.Reject, field, m.Index, m.Length);
        }

        foreach (Match m in EmailPattern().Matches(text.Folded))
        {
            AddFinding(findings, IntegrityRules.Email, IntegrityOutcome.Reject, field, m.Index, m.Length);
        }

        foreach (Match m in LinkPattern().Matches(text.Folded))
        {
            if (!IsAllowedHost(m.Groups["host"].Value) && !IsInsideEmail(text.Folded, m))
            {
                AddFinding(findings, IntegrityRules.Link, IntegrityOutcome.Reject, field, m.Index, m.Length);
            }
        }

        foreach (var pattern in (ReadOnlySpan<Regex>)[WeChatPattern(), WeChatLetterPattern()])
        {
            foreach (Match m in pattern.Matches(text.Compact))
            {
                var (s, l) = text.ToOriginal(m.Index, m.Length);
                AddFinding(findings, IntegrityRules.WeChat, IntegrityOutcome.Reject, field, s, l);
            }
        }

        foreach (Match m in QqPattern().Matches(text.Compact))
        {
            var (s, l) = text.ToOriginal(m.Index, m.Length);
            AddFinding(findings, IntegrityRules.QqNumber, IntegrityOutcome.Reject, field, s, l);
        }
    }

    // Advertising Law applies to ads; cosmetics claims matter most where something is sold; contact details everywhere.
    private static IntegrityOutcome? OutcomeFor(string rule, IntegrityOutcome listed, ContentContext context) => rule switch
    {
        IntegrityRules.AbsoluteTerm => context.Sponsored ? IntegrityOutcome.Reject : null,
        IntegrityRules.MedicalClaim => context.Sponsored ? IntegrityOutcome.Reject
            : context.Commercial ? IntegrityOutcome.Hold
            : IntegrityOutcome.ApproveWithFlags,

        // A registered special-use product may make the claim: a moderator checks the registration, the rules cannot.
        IntegrityRules.SpecialUseClaim => context.Commercial || context.Sponsored ? IntegrityOutcome.Hold : IntegrityOutcome.ApproveWithFlags,
        _ => listed,
    };

    private static void AddFinding(List<IntegrityFinding> findings, string rule, IntegrityOutcome outcome, ContentField field, int start, int length)
    {
        var matched = field.Text.Substring(start, length);
        findings.Add(new IntegrityFinding(rule, outcome, field.Name, start, length, matched, Explain(rule, matched)));
    }

    private static string Explain(string rule, string matched) => rule switch
    {
        IntegrityRules.AbsoluteTerm => $"\"{matched}\" is an absolute term the Advertising Law bans in sponsored content.",
        IntegrityRules.MedicalClaim => $"\"{matched}\" is a medical or efficacy claim cosmetics may not make.",
        IntegrityRules.SpecialUseClaim =>
            $"\"{matched}\" is an efficacy claim (spot removal, whitening, hair loss) only registered special-use cosmetics may make.",
        IntegrityRules.Phone => $"\"{matched}\" looks like a phone number; contact details are not allowed.",
        IntegrityRules.WeChat => $"\"{matched}\" looks like a WeChat id; contact details are not allowed.",
        IntegrityRules.QqNumber => $"\"{matched}\" looks like a QQ number; contact details are not allowed.",
        IntegrityRules.Email => $"\"{matched}\" is an e-mail address; contact details are not allowed.",
        IntegrityRules.Link => $"\"{matched}\" is an external link; links off the platform are not allowed.",
        IntegrityRules.QrCode => $"\"{matched}\" mentions a QR code, which leads off the platform.",
        IntegrityRules.Lure => $"\"{matched}\" invites readers off the platform.",
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

    /// <summary>A lexicon pattern and the context it needs around it in the compact text.</summary>
    private sealed record LexiconEntry(string Pattern, string Rule, IntegrityOutcome Outcome, bool WholeWordStart, bool WholeWordEnd, bool PlusStart, bool Weak)
    {
        public static LexiconEntry For(string pattern, string rule, IntegrityOutcome outcome)
        {
            var last = pattern[^1];
            var weak = last is '微' or '威' || (last == 'v' && (pattern.Length == 1 || !char.IsAsciiLetter(pattern[^2])));
            return new LexiconEntry(pattern, rule, outcome, char.IsAsciiLetter(pattern[0]), char.IsAsciiLetter(last), pattern[0] == '+', weak);
        }

        public bool Fits(string text, int start, int length)
        {
            var before = start > 0 ? text[start - 1] : ' ';
            var end = start + length;
            var after = end < text.Length ? text[end] : ' ';
            if ((WholeWordStart && char.IsAsciiLetter(before)) || (PlusStart && (char.IsAsciiLetterOrDigit(before) || before == '+')))
            {
                return false;
            }

            if (WholeWordEnd && char.IsAsciiLetter(after))
            {
                return false;
            }

            return !Weak || !(char.IsAsciiLetterOrDigit(after) || NormalizedText.IsCjk(after)) || WeakFollowers.Contains(after);
        }
    }

    // What follows "加微" / "+v" when it means "add me on WeChat": 了解, 我, 哦, 私聊, 领取, 看, 发, 拿, 送, 免费 ...
    private static readonly SearchValues<char> WeakFollowers = SearchValues.Create("我了哦呀吧啊呢哈详聊私领咨看发拿送免进入备注获问联");

    // Mainland mobiles (+86 optional) on the digits view, split by spaces, dashes, dots, slashes, middle dots, invisible
    // or combining characters (keycap emoji 1️⃣ are a digit plus marks).
    [GeneratedRegex(@"(?<![\d])(?:\+?86[\s\p{Pd}.\p{Cf}\p{M}·/_*~]*)?1[\s\p{Pd}.\p{Cf}\p{M}·/_*~]*[3-9](?:[\s\p{Pd}.\p{Cf}\p{M}·/_*~]*\d){9}(?![\d])")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"[a-z0-9][a-z0-9._%+\-]*@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}")]
    private static partial Regex EmailPattern();

    // A scheme or www, or a bare host under a common TLD ("shop.taobao.com", "abc.cn/x").
    [GeneratedRegex(@"(?:(?:https?://|www\.)(?<host>[a-z0-9\-.]+)[^\s，。]*|(?<![a-z0-9\-.])(?<host>(?:[a-z0-9\-]+\.)+(?:com|cn|net|org|io|cc|me|top|xyz|shop|vip|link|info|co|app))(?![a-z0-9\-])(?:/[^\s，。]*)?)")]
    private static partial Regex LinkPattern();

    // On the compact text: a WeChat name in characters, pinyin or letters (spaces between syllables allowed), then an id
    // (6-20 characters, starting with a letter) after a marker ("号", "id", "hao", ":", "是", "搜"), or one with a digit
    // right after the name ("wechat pay" is not an id, "wechat lily88" is).
    [GeneratedRegex(@"(?<![a-z])(?:微信|wei ?xin|we ?chat|v ?x|w ?x|v ?信|v ?xin|微 ?xin|wei ?信|威信|卫星|绿泡泡)\s?(?:(?:(?:号码|号|id|hao)\s?(?:[:：是]|搜)?|[:：是]|搜)\s?[a-z][a-z0-9]{5,19}|(?=[a-z0-9]*\d)[a-z][a-z0-9]{5,19})(?![a-z0-9])")]
    private static partial Regex WeChatPattern();

    // A one-letter name needs a colon: "v：abc123", "薇❤：mm2026".
    [GeneratedRegex(@"(?<![a-z])(?:v|微)\s?[:：]\s?[a-z][a-z0-9]{5,19}(?![a-z0-9])")]
    private static partial Regex WeChatLetterPattern();

    [GeneratedRegex(@"(?<![a-z])(?:q ?q|扣扣|企鹅|kou ?kou|🐧)\s?(?:号|群|hao)?\s?[:：是]?\s?\d{5,11}(?!\d)")]
    private static partial Regex QqPattern();
}
