using System.Text;
using Platform.Core.Search;

namespace Platform.Embedded.Search;

/// <summary>
/// Marks where a search matched: every occurrence of a needle (a typed term or one of its words), widened to whole Latin words
/// so "iphon" (a stem) marks "iPhone". Works on the original text, so what is marked is exactly what the reader sees.
/// </summary>
internal static class Highlighting
{
    /// <summary>A fragment of at most <paramref name="maxLength"/> characters around the first match, HTML-escaped, or null.</summary>
    public static string? Highlight(string text, IReadOnlyCollection<string> needles, int maxLength)
    {
        if (text.Length == 0 || needles.Count == 0)
        {
            return null;
        }

        var marked = new bool[text.Length];
        var first = int.MaxValue;
        foreach (var needle in needles)
        {
            for (var at = text.IndexOf(needle, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = text.IndexOf(needle, at + needle.Length, StringComparison.OrdinalIgnoreCase))
            {
                var start = at;
                var end = at + needle.Length;
                while (start > 0 && SameWord(text[start - 1], text[start]))
                {
                    start--;
                }

                while (end < text.Length && SameWord(text[end - 1], text[end]))
                {
                    end++;
                }

                Array.Fill(marked, true, start, end - start);
                first = Math.Min(first, start);
            }
        }

        if (first == int.MaxValue)
        {
            return null;
        }

        var (from, to) = Window(text, first, maxLength);
        var builder = new StringBuilder((to - from) + 16);
        if (from > 0)
        {
            builder.Append('…');
        }

        for (var i = from; i < to; i++)
        {
            if (marked[i] && (i == from || !marked[i - 1]))
            {
                builder.Append(HighlightMarkup.Open);
            }

            HighlightMarkup.AppendEscaped(builder, text[i]);
            if (marked[i] && (i == to - 1 || !marked[i + 1]))
            {
                builder.Append(HighlightMarkup.Close);
            }
        }

        if (to < text.Length)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    // A run of Latin letters (or of digits) is a word that must not be cut; each CJK character stands alone. Letters and digits
    // are separate words, as the analyser sees them: "iPhone15" is iphone + 15.
    private static bool SameWord(char a, char b) =>
        (char.IsAsciiLetter(a) && char.IsAsciiLetter(b)) || (char.IsAsciiDigit(a) && char.IsAsciiDigit(b));

    private static (int From, int To) Window(string text, int first, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return (0, text.Length);
        }

        // Some context before the first match, the rest after it.
        var from = Math.Max(0, Math.Min(first - (maxLength / 4), text.Length - maxLength));
        var to = Math.Min(text.Length, from + maxLength);
        if (from > 0 && char.IsLowSurrogate(text[from]))
        {
            from--;
        }

        if (to < text.Length && char.IsLowSurrogate(text[to]))
        {
            to++;
        }

        return (from, to);
    }
}
