namespace Platform.Core.Integrity;

/// <summary>
/// Three views of a text for matching, each with a way back to offsets in the original:
/// <see cref="Folded"/> (same length as the original: full-width to half-width, circled letters and digits to plain ones,
/// plus-sign emoji to "+", case folded, homophones mapped) for patterns that need punctuation (e-mails, links),
/// <see cref="Digits"/> (the folded text with Chinese numerals as digits, same length) for phone numbers, and
/// <see cref="Compact"/> (the folded text without separators, zero-width characters, decorations such as hearts and
/// spaces next to CJK) for the lexicon, so "最·佳", "微 信", "ＶＸ" and "V❤信" match.
/// </summary>
public sealed class NormalizedText
{
    private readonly int[] _compactToOriginal;

    private NormalizedText(string original, string folded, string digits, string compact, int[] compactToOriginal)
    {
        Original = original;
        Folded = folded;
        Digits = digits;
        Compact = compact;
        _compactToOriginal = compactToOriginal;
    }

    public string Original { get; }

    public string Folded { get; }

    public string Compact { get; }

    /// <summary><see cref="Folded"/> with Chinese numerals (一, 壹, 幺, 〇, military 洞/拐/勾 ...) written as ASCII digits.</summary>
    public string Digits { get; }

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

    public static NormalizedText Create(string original, IReadOnlyDictionary<char, char> homophones)
    {
        var folded = new char[original.Length];
        var digits = new char[original.Length];
        for (var i = 0; i < original.Length; i++)
        {
            folded[i] = Fold(original[i], homophones);
            digits[i] = ChineseDigit(folded[i]) ?? folded[i];
        }

        var compact = new char[original.Length];
        var map = new int[original.Length];
        var n = 0;
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (IsInvisible(c) || IsSeparator(c) || IsDecoration(c))
            {
                continue;
            }

            // Emoji outside the BMP: hearts and sparkles decorate ("V💗"), others (🐧 for QQ) are kept.
            if (char.IsHighSurrogate(c) && i + 1 < folded.Length && IsDecoration(char.ConvertToUtf32(c, folded[i + 1])))
            {
                i++;
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

        return new NormalizedText(original, new string(folded), new string(digits), new string(compact, 0, n), map[..n]);
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
            // Roman numeral five (Ⅴ/ⅴ) stands in for "v" as in "ⅴ信"; circled letters (Ⓥⓧ) for plain ones.
            '\u2164' or '\u2174' => 'v',
            >= '\u24B6' and <= '\u24CF' => (char)('a' + (c - '\u24B6')),
            >= '\u24D0' and <= '\u24E9' => (char)('a' + (c - '\u24D0')),
            // Heavy plus, Greek cross, outlined cross, small plus: stand-ins for "add" (加) as in "➕薇".
            '\u2795' or '\u271A' or '\u2719' or '\uFE62' => '+',
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
        c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD' or '\uFE0E' or '\uFE0F' or '\u20E3';

    // Hearts, stars, sparkles and pointing arrows put between words ("V❤信", "薇💗", "wechat👉 abc123") carry no meaning.
    private static bool IsDecoration(int codePoint) =>
        codePoint is 0x2764 or 0x2665 or 0x2661 or 0x2728 or 0x2B50 or 0x2605 or 0x2606 or 0x1F31F or 0x1F90D or 0x1F9E1 or 0x1F5A4
            or 0x2192 or 0x27A1 or 0x2B05 or 0x2B06 or 0x2B07 or (>= 0x1F446 and <= 0x1F449) or (>= 0x1F493 and <= 0x1F49F);

    /// <summary>The digit a Chinese numeral stands for in a phone number, including 幺 (1), 两 (2) and radio 洞 (0), 拐 (7), 勾 (9).</summary>
    public static char? ChineseDigit(char c) => c switch
    {
        '〇' or '零' or '○' or '洞' => '0',
        '一' or '壹' or '幺' => '1',
        '二' or '贰' or '两' => '2',
        '三' or '叁' => '3',
        '四' or '肆' => '4',
        '五' or '伍' => '5',
        '六' or '陆' => '6',
        '七' or '柒' or '拐' => '7',
        '八' or '捌' => '8',
        '九' or '玖' or '勾' => '9',
        _ => null,
    };

    private static char NextVisible(char[] folded, int from)
    {
        for (var i = from; i < folded.Length; i++)
        {
            var c = folded[i];
            if (!IsInvisible(c) && !IsSeparator(c) && !IsDecoration(c) && !char.IsWhiteSpace(c))
            {
                return c;
            }
        }

        return '\0';
    }
}
