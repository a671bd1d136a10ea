using System.Text.RegularExpressions;

namespace Platform.Core.Notes;

/// <summary>#topics as people write them: "#夏日穿搭", "#OOTD" (ends at whitespace, punctuation or the next #).</summary>
public static partial class Topics
{
    [GeneratedRegex(@"#([\p{L}\p{N}_]+)")]
    private static partial Regex TopicPattern();

    public static IEnumerable<string> ParseFrom(string text) =>
        TopicPattern().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>Trimmed, without a leading '#'; compared case-insensitively so #OOTD and #ootd are one topic.</summary>
    public static string Normalize(string topic) => topic.Trim().TrimStart('#').Trim();

    public static IReadOnlyList<string> Merge(IEnumerable<string> explicitTopics, string body) =>
        explicitTopics.Select(Normalize)
            .Concat(ParseFrom(body))
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
