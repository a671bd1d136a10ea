using System.Text;

namespace Platform.Core.Search;

/// <summary>The markup of <see cref="SearchHighlights"/>: matched words in &lt;em&gt;, everything else HTML-escaped.</summary>
public static class HighlightMarkup
{
    public const string Open = "<em>";
    public const string Close = "</em>";

    /// <summary>Escapes the five HTML-significant characters only (CJK, emoji and accents stay as they are).</summary>
    public static StringBuilder AppendEscaped(StringBuilder builder, char c) => c switch
    {
        '&' => builder.Append("&amp;"),
        '<' => builder.Append("&lt;"),
        '>' => builder.Append("&gt;"),
        '"' => builder.Append("&quot;"),
        '\'' => builder.Append("&#39;"),
        _ => builder.Append(c),
    };

    /// <summary>A fragment whose matches an engine marked with single-character <paramref name="pre"/>/<paramref name="post"/> markers.</summary>
    public static string FromMarkers(string fragment, char pre, char post)
    {
        var builder = new StringBuilder(fragment.Length + 16);
        foreach (var c in fragment)
        {
            _ = c == pre ? builder.Append(Open) : c == post ? builder.Append(Close) : AppendEscaped(builder, c);
        }

        return builder.ToString();
    }
}
