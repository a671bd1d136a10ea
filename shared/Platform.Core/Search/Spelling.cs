namespace Platform.Core.Search;

/// <summary>
/// "Did you mean" for Latin-script typos ("lancme" → "lancome", "sunscren" → "sunscreen"): the adapters find candidate
/// words in their index (the words of titles, topics and bodies) and this picks the closest one and rewrites the query.
/// Chinese is left alone: a typo there is a wrong character, which edit distance does not catch well.
/// </summary>
public static class Spelling
{
    /// <summary>Shortest word that gets a correction: shorter words are too often right, or an abbreviation.</summary>
    public const int MinLength = 4;

    /// <summary>Edits allowed for a word of <paramref name="length"/> letters: one up to 5 letters, two beyond.</summary>
    public static int MaxEdits(int length) => length <= 5 ? 1 : 2;

    /// <summary>The terms that may be misspelt: Latin words of <see cref="MinLength"/> letters or more, lower-cased.</summary>
    public static IReadOnlyList<string> Candidates(IReadOnlyList<string> terms) => terms
        .Select(t => TextNormalization.Normalize(t).ToLowerInvariant())
        .Where(t => t.Length >= MinLength && QueryUnderstanding.IsLatinWord(t))
        .Distinct(StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// The closest of <paramref name="words"/> (word and how many notes have it) to <paramref name="typed"/>, within
    /// <see cref="MaxEdits"/>; ties go to the more common word. Null when none is close, or the word itself is among them.
    /// </summary>
    public static string? Closest(string typed, IEnumerable<(string Word, long Frequency)> words)
    {
        var max = MaxEdits(typed.Length);
        string? best = null;
        var bestDistance = int.MaxValue;
        long bestFrequency = 0;
        foreach (var (word, frequency) in words)
        {
            if (!QueryUnderstanding.IsLatinWord(word))
            {
                continue;
            }

            var distance = Distance(typed, word.ToLowerInvariant(), max);
            if (distance == 0)
            {
                return null;
            }

            if (distance <= max && (distance < bestDistance || (distance == bestDistance && frequency > bestFrequency)))
            {
                (best, bestDistance, bestFrequency) = (word.ToLowerInvariant(), distance, frequency);
            }
        }

        return best;
    }

    /// <summary>The query with each corrected word replaced, or null when nothing was corrected.</summary>
    public static string? Rewrite(IReadOnlyList<string> terms, IReadOnlyDictionary<string, string> corrections)
    {
        if (corrections.Count == 0)
        {
            return null;
        }

        return string.Join(' ', terms.Select(t =>
            corrections.TryGetValue(TextNormalization.Normalize(t).ToLowerInvariant(), out var fixedWord) ? fixedWord : t));
    }

    /// <summary>Edit distance with adjacent transpositions (optimal string alignment), giving up past <paramref name="max"/>.</summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
