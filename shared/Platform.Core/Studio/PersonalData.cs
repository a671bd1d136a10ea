using System.Text.RegularExpressions;

namespace Platform.Core.Studio;

/// <summary>
/// Finds and removes personal data and contact details in text: phone numbers, e-mail addresses, WeChat/QQ ids,
/// links and @handles. Used on everything a model prompt carries, and by the baseline integrity rules.
/// </summary>
public static partial class PersonalData
{
    public const string Placeholder = "[removed]";

    /// <summary>Contact details in <paramref name="text"/> as (kind, index, length), in order, not overlapping.</summary>
    public static IReadOnlyList<(string Kind, int Index, int Length)> FindContactDetails(string text) =>
        Find(text, includeHandles: false);

    /// <summary>The text with every contact detail and @handle replaced by <see cref="Placeholder"/>.</summary>
    public static string Scrub(string text)
    {
        var found = Find(text, includeHandles: true);
        for (var i = found.Count - 1; i >= 0; i--)
        {
            text = text.Remove(found[i].Index, found[i].Length).Insert(found[i].Index, Placeholder);
        }

        return text;
    }

    private static List<(string Kind, int Index, int Length)> Find(string text, bool includeHandles)
    {
        var patterns = new List<(string Kind, Regex Pattern)>
        {
            ("email", Email()), ("link", Link()), ("messenger", MessengerId()), ("phone", Phone()),
        };
        if (includeHandles)
        {
            patterns.Add(("handle", Handle()));
        }

        var found = new List<(string Kind, int Index, int Length)>();
        foreach (var (kind, pattern) in patterns)
        {
            foreach (Match match in pattern.Matches(text))
            {
                if (!found.Any(f => match.Index < f.Index + f.Length && f.Index < match.Index + match.Length))
                {
                    found.Add((kind, match.Index, match.Length));
                }
            }
        }

        return found.OrderBy(f => f.Index).ToList();
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"(https?://|www\.)[^\s，。！？]+|\b[a-z0-9-]+\.(com|cn|net|org|io)(/\S*)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"(微信号?|威信|薇信|V信|vx|wx|wechat|weixin|QQ号?)\s*[:：]?\s*[A-Za-z0-9][-_A-Za-z0-9]{4,19}", RegexOptions.IgnoreCase)]
    private static partial Regex MessengerId();

    // Seven or more digits, allowing the separators people put in phone numbers.
    [GeneratedRegex(@"\+?\d(?:[\s\-.·]?\d){6,}")]
    private static partial Regex Phone();

    [GeneratedRegex(@"@[\p{L}\p{N}_.-]{2,}")]
    private static partial Regex Handle();
}
