namespace Platform.Core.Search;

/// <summary>
/// Pinyin of Chinese text, for finding notes by what a reader types without switching the input method: full syllables
/// ("fangshaishuang", "fang shai shuang") or initials ("fss") for 防晒霜. Both adapters index a note's title and topics
/// with <see cref="Of"/> and read queries with <see cref="Segment"/> and <see cref="AsInitials"/>.
/// </summary>
/// <remarks>
/// No pinyin package is served to this project, so the readings are a table (pinyin-table.txt, generated from the
/// maintained pinyin-data set, MIT licence, by the script beside it): every character of the CJK Unified Ideographs block,
/// most common reading first. A character with several readings (长: chang, zhang) lists them all, so either finds it.
/// </remarks>
public static class PinyinText
{
    /// <summary>How much a pinyin match counts against the word itself (below synonyms: pinyin is more often ambiguous).</summary>
    public const float Weight = 0.3f;

    /// <summary>Longest query run read as initials: longer runs of consonants are more likely a word or a typo.</summary>
    public const int MaxInitials = 8;

    private static readonly (Dictionary<char, string[]> Readings, HashSet<string> Syllables) Table = Load();

    // A syllable is at most six letters (zhuang, shuang).
    private const int MaxSyllable = 6;

    // Letters a syllable can start with (i, u, v never do); zh, ch, sh abbreviate to z, c, s as input methods do.
    private const string InitialLetters = "bpmfdtnlgkhjqxrzcsyw" + "aoe";

    /// <summary>
    /// The pinyin of <paramref name="text"/>, one entry per Chinese character (its readings, most common first); any run of
    /// other characters is one entry with no readings, so a phrase never spans it.
    /// </summary>
    public static IReadOnlyList<string[]> Of(string text)
    {
        var folded = TextNormalization.Normalize(text);
        var syllables = new List<string[]>(folded.Length);
        var gap = false;
        foreach (var c in folded)
        {
            if (Table.Readings.TryGetValue(c, out var readings))
            {
                syllables.Add(readings);
                gap = false;
            }
            else if (!gap)
            {
                syllables.Add([]);
                gap = true;
            }
        }

        return syllables;
    }

    /// <summary>The most common reading of each character, separated by spaces, "_" between runs ("fang shai shuang").</summary>
    public static string Full(string text) => string.Join(' ', Of(text).Select(r => r.Length > 0 ? r[0] : "_")).Trim(' ', '_');

    /// <summary>The initials of <see cref="Full"/>, separated by spaces ("f s s").</summary>
    public static string Initials(string text) => string.Join(' ', Of(text).Select(r => r.Length > 0 ? r[0][..1] : "_")).Trim(' ', '_');

    /// <summary>Whether <paramref name="text"/> has any character the table knows (else there is no pinyin to index).</summary>
    public static bool HasChinese(string text) => text.Any(Table.Readings.ContainsKey);

    /// <summary>
    /// <paramref name="latin"/> split into pinyin syllables, fewest syllables first ("fangshaishuang" → fang shai shuang;
    /// "xian" → xian, not xi an), or null when it is not pinyin (letters only, lower or upper case).
    /// </summary>
    public static IReadOnlyList<string>? Segment(string latin)
    {
        var text = latin.ToLowerInvariant().Replace("lue", "lve", StringComparison.Ordinal).Replace("nue", "nve", StringComparison.Ordinal);
        if (text.Length == 0 || !text.All(char.IsAsciiLetterLower))
        {
            return null;
        }

        // best[i]: fewest syllables covering text[..i]; from[i]: where the last of them starts.
        var best = new int[text.Length + 1];
        var from = new int[text.Length + 1];
        Array.Fill(best, int.MaxValue);
        best[0] = 0;
        for (var end = 1; end <= text.Length; end++)
        {
            for (var length = Math.Min(MaxSyllable, end); length >= 1; length--)
            {
                var start = end - length;
                if (best[start] != int.MaxValue && best[start] + 1 < best[end] && Table.Syllables.Contains(text[start..end]))
                {
                    best[end] = best[start] + 1;
                    from[end] = start;
                }
            }
        }

        if (best[text.Length] == int.MaxValue)
        {
            return null;
        }

        var syllables = new List<string>();
        for (var end = text.Length; end > 0; end = from[end])
        {
            syllables.Add(text[from[end]..end]);
        }

        syllables.Reverse();
        return syllables;
    }

    /// <summary>
    /// <paramref name="latin"/> read as initials, one letter each ("fss" → f s s), or null when it cannot be. A word in
    /// capitals (SPF, OOTD, YSL) is taken for the acronym it most likely is.
    /// </summary>
    public static IReadOnlyList<string>? AsInitials(string latin)
    {
        var text = latin.ToLowerInvariant();
        return text.Length is >= 2 and <= MaxInitials && !latin.All(char.IsAsciiLetterUpper) && text.All(c => InitialLetters.Contains(c))
            ? text.Select(c => c.ToString()).ToList()
            : null;
    }

    private static (Dictionary<char, string[]>, HashSet<string>) Load()
    {
        using var stream = typeof(PinyinText).Assembly.GetManifestResourceStream("Platform.Core.Search.pinyin-table.txt")
            ?? throw new InvalidOperationException("The pinyin table is not embedded.");
        using var reader = new StreamReader(stream);
        var readings = new Dictionary<char, string[]>();
        var syllables = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.StartsWith('#') || colon < 0)
            {
                continue;
            }

            var values = line[..colon].Split(',');
            syllables.UnionWith(values);
            foreach (var c in line.AsSpan(colon + 1))
            {
                readings[c] = values;
            }
        }

        return (readings, syllables);
    }
}
