// A frozen copy of the rules engine before the evasion work (issue 15), kept only so the benchmark can compare recall and
// throughput with it in the same run. Not used by the platform.
namespace Platform.Benchmarks.PreviousIntegrity;

/// <summary>
/// Two views of a text for matching, each with a way back to offsets in the original:
/// <see cref="Folded"/> (same length as the original: full-width to half-width, case folded, homophones mapped) for
/// patterns that need punctuation (e-mails, links, phone numbers), and <see cref="Compact"/> (the folded text without
/// separators, zero-width characters and spaces next to CJK) for the lexicon, so "最·佳", "微 信" and "ＶＸ" match.
/// </summary>
public sealed class PreviousNormalizedText
{
    private readonly int[] _compactToOriginal;

    private PreviousNormalizedText(string original, string folded, string compact, int[] compactToOriginal)
    {
        Original = original;
        Folded = folded;
        Compact = compact;
        _compactToOriginal = compactToOriginal;
    }

    public string Original { get; }

    public string Folded { get; }

    public string Compact { get; }

    /// <summary>The original span (start, length) that compact characters [start, start + length) came from.</summary>
    public (int Start, int Length) ToOriginal(int compactStart, int compactLength)
    {
        var start = _compactToOriginal[compactStart];
        var end = _compactToOriginal[compactStart + compactLength - 1] + 1;
        if (end < Original.Length && char.IsHighSurrogate(Original[end - 1]))
        {
            end++;
        }

        return (start, end - start);
    }

    public static PreviousNormalizedText Create(string original, IReadOnlyDictionary<char, char> homophones)
    {
        var folded = new char[original.Length];
        for (var i = 0; i < original.Length; i++)
        {
            folded[i] = Fold(original[i], homophones);
        }

        var compact = new char[original.Length];
        var map = new int[original.Length];
        var n = 0;
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (IsInvisible(c) || IsSeparator(c))
            {
                continue;
            }

            // Spaces matter between Latin words ("free ship" is not "freeship") but evaders put them between CJK ("微 信").
            if (char.IsWhiteSpace(c))
            {
                var previous = n > 0 ? compact[n - 1] : '\0';
                var next = NextVisible(folded, i + 1);
                if (IsCjk(previous) || IsCjk(next))
                {
                    continue;
                }

                // Runs of whitespace collapse to one space.
                if (previous == ' ')
                {
                    continue;
                }

                c = ' ';
            }

            compact[n] = c;
            map[n] = i;
            n++;
        }

        return new PreviousNormalizedText(original, new string(folded), new string(compact, 0, n), map[..n]);
    }

    /// <summary>The folded form of one pattern, as it must appear in <see cref="Compact"/> to match.</summary>
    public static string NormalizePattern(string pattern, IReadOnlyDictionary<char, char> homophones) =>
        Create(pattern.Trim(), homophones).Compact;

    public static char Fold(char c, IReadOnlyDictionary<char, char> homophones)
    {
        c = c switch
        {
            // Full-width ASCII (Ａ, １, ＠, ．) and the ideographic space.
            >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
            '\u3000' => ' ',
            // Circled digits ①-⑨ and ⓪, used to slip phone numbers past filters.
            >= '\u2460' and <= '\u2468' => (char)('1' + (c - '\u2460')),
            '\u24EA' => '0',
            // Roman numeral five (Ⅴ/ⅴ) stands in for "v" as in "ⅴ信".
            '\u2164' or '\u2174' => 'v',
            _ => c,
        };
        c = char.ToLowerInvariant(c);
        return homophones.TryGetValue(c, out var mapped) ? mapped : c;
    }

    public static bool IsCjk(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    // Punctuation evaders put inside words: 最·佳, 最.佳, v-x, 微_信, 最|好, 第/一.
    private static bool IsSeparator(char c) =>
        c is '·' or '•' or '‧' or '・' or '∙' or '⋅' or '.' or '。' or '-' or '_' or '*' or '~' or '|' or '/' or '\\'
            or '、' or ',' or '，' or '＂' or '"' or '\'' or '`' or '^' or '丨' or '—' or '…';

    private static bool IsInvisible(char c) =>
        c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD';

    private static char NextVisible(char[] folded, int from)
    {
        for (var i = from; i < folded.Length; i++)
        {
            var c = folded[i];
            if (!IsInvisible(c) && !IsSeparator(c) && !char.IsWhiteSpace(c))
            {
                return c;
            }
        }

        return '\0';
    }
}
