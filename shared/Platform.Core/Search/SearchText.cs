using Platform.Core.Notes;

namespace Platform.Core.Search;

/// <summary>Turns what a reader typed into terms and #topics, the same way for every engine.</summary>
public static class SearchText
{
    /// <summary>The key a topic is filtered and counted by: without '#', trimmed, lower case (Chinese is unchanged).</summary>
    public static string TopicKey(string topic) => Topics.Normalize(topic).ToLowerInvariant();

    /// <summary>
    /// Splits <paramref name="text"/> on whitespace. A word written as <c>#topic</c> filters by that topic; the rest are terms
    /// that must all match. "#防晒 清爽" finds notes filed under 防晒 that mention 清爽.
    /// </summary>
    public static (IReadOnlyList<string> Terms, IReadOnlyList<string> Topics) Parse(string? text)
    {
        var terms = new List<string>();
        var topics = new List<string>();
        foreach (var word in (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (word.StartsWith('#'))
            {
                // "#防晒#夏日" is two topics, as Topics.ParseFrom reads a note body.
                topics.AddRange(Topics.ParseFrom(word).Select(TopicKey));
            }
            else
            {
                terms.Add(word);
            }
        }

        return (terms.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), topics.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList());
    }
}
