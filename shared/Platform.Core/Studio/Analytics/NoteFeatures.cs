using System.Globalization;
using System.Text;
using Platform.Core.Common;

namespace Platform.Core.Studio.Analytics;

/// <summary>
/// The features of a note that the analytics correlate with engagement and sales: topics, title patterns (length,
/// numbers, questions, emoji), format (image count, video), posting time and disclosure. Each is a stable string key.
/// </summary>
public static class NoteFeatures
{
    public const string TitleNumber = "title.number";
    public const string TitleQuestion = "title.question";
    public const string TitleEmoji = "title.emoji";
    public const string TitleShort = "title.length:short";
    public const string TitleMedium = "title.length:medium";
    public const string TitleLong = "title.length:long";
    public const string Sponsored = "disclosure.sponsored";
    public const string Organic = "disclosure.organic";

    /// <summary>Posting times are read in the platform's home time zone (China Standard Time), where its readers are.</summary>
    public static readonly TimeSpan HomeOffset = TimeSpan.FromHours(8);

    public static string Topic(string topic) => "topic:" + Notes.Topics.Normalize(topic).ToLowerInvariant();

    /// <summary>Every feature key of a note.</summary>
    public static IReadOnlyList<string> Of(string title, IReadOnlyList<string> topics, int imageCount, bool hasVideo, bool sponsored, DateTimeOffset postedAt) =>
        [
            .. topics.Select(Topic).Distinct(StringComparer.Ordinal),
            .. OfTitle(title),
            Format(imageCount, hasVideo),
            PostingTime(postedAt),
            sponsored ? Sponsored : Organic,
        ];

    public static IReadOnlyList<string> OfTitle(string title)
    {
        var keys = new List<string>();
        var length = Text.VisibleLength(title);
        keys.Add(length <= 10 ? TitleShort : length <= 20 ? TitleMedium : TitleLong);
        if (title.Any(char.IsDigit) || ChineseCount(title))
        {
            keys.Add(TitleNumber);
        }

        if (title.Contains('?', StringComparison.Ordinal) || title.Contains('？', StringComparison.Ordinal) || title.Contains('吗', StringComparison.Ordinal))
        {
            keys.Add(TitleQuestion);
        }

        if (HasEmoji(title))
        {
            keys.Add(TitleEmoji);
        }

        return keys;
    }

    public static string Format(int imageCount, bool hasVideo) =>
        hasVideo ? "format.video" : imageCount switch
        {
            0 => "format.text",
            1 => "format.images:1",
            <= 3 => "format.images:2-3",
            <= 6 => "format.images:4-6",
            _ => "format.images:7+",
        };

    public static string PostingTime(DateTimeOffset postedAt) => postedAt.ToOffset(HomeOffset).Hour switch
    {
        >= 6 and < 11 => "time.morning",
        >= 11 and < 14 => "time.midday",
        >= 14 and < 18 => "time.afternoon",
        >= 18 and < 22 => "time.evening",
        _ => "time.night",
    };

    public static FeatureKind KindOf(string key) => key switch
    {
        _ when key.StartsWith("topic:", StringComparison.Ordinal) => FeatureKind.Topic,
        _ when key.StartsWith("title.", StringComparison.Ordinal) => FeatureKind.TitlePattern,
        _ when key.StartsWith("format.", StringComparison.Ordinal) => FeatureKind.Format,
        _ when key.StartsWith("time.", StringComparison.Ordinal) => FeatureKind.PostingTime,
        _ => FeatureKind.Disclosure,
    };

    /// <summary>How a feature reads in an explanation.</summary>
    public static string Label(string key) => key switch
    {
        TitleNumber => "title contains a number",
        TitleQuestion => "title asks a question",
        TitleEmoji => "title has an emoji",
        TitleShort => "title of at most 10 characters",
        TitleMedium => "title of 11-20 characters",
        TitleLong => "title longer than the 20 characters shown",
        Sponsored => "disclosed as sponsored",
        Organic => "not sponsored",
        "format.video" => "video note",
        "format.text" => "text-only note",
        "time.morning" => "posted in the morning (6-11h)",
        "time.midday" => "posted at midday (11-14h)",
        "time.afternoon" => "posted in the afternoon (14-18h)",
        "time.evening" => "posted in the evening (18-22h)",
        "time.night" => "posted at night (22-6h)",
        _ when key.StartsWith("format.images:", StringComparison.Ordinal) => $"{key["format.images:".Length..]} images",
        _ when key.StartsWith("topic:", StringComparison.Ordinal) => "#" + key["topic:".Length..],
        _ => key,
    };

    public static bool HasEmoji(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value >= 0x1F000 || rune.Value is >= 0x2600 and <= 0x27BF || (rune.Value > 0x2000 && Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherSymbol))
            {
                return true;
            }
        }

        return false;
    }

    // "三个" / "5款": a Chinese numeral counts when followed by a measure word, so "一起" is not a number.
    private static bool ChineseCount(string title)
    {
        const string numerals = "一二三四五六七八九十百";
        const string measures = "个款种步招天件次分条套瓶支";
        for (var i = 0; i < title.Length - 1; i++)
        {
            if (numerals.Contains(title[i], StringComparison.Ordinal) && measures.Contains(title[i + 1], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
