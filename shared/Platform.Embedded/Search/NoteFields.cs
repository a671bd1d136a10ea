using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Util;

namespace Platform.Embedded.Search;

/// <summary>
/// The fields of a note in the Lucene index. Text is indexed twice: as words (SmartChineseAnalyzer, for relevance: 防晒霜 is one
/// word) and as CJK bigrams (for recall: 防晒 finds 防晒霜, which SmartCn splits differently depending on context).
/// </summary>
internal static class NoteFields
{
    public const string Id = "id";
    public const string AuthorId = "authorId";
    public const string Title = "title";
    public const string Body = "body";
    public const string Topics = "topics";
    public const string TitleGrams = "title_cjk";
    public const string BodyGrams = "body_cjk";
    public const string TopicsGrams = "topics_cjk";

    /// <summary>Pinyin of the title and topics (<see cref="PinyinTokens"/>): every reading of a character at its position.</summary>
    public const string TitlePinyin = "title_py";
    public const string TopicsPinyin = "topics_py";

    /// <summary>Initials of the same readings, one letter per character ("f s s" for 防晒霜).</summary>
    public const string TitleInitials = "title_pyi";
    public const string TopicsInitials = "topics_pyi";

    /// <summary>Topic keys: filtered on (indexed as terms) and counted for facets (sorted-set doc values).</summary>
    public const string TopicKey = "topicKey";

    /// <summary>The whole title in lower case, one term, for prefix suggestions across word boundaries ("夏天防" → 夏天防晒霜推荐).</summary>
    public const string TitleKey = "titleKey";

    public const string Sponsored = "sponsored";
    public const string CreatedAt = "createdAt";

    // Numeric doc values, updatable in place (IndexWriter.UpdateNumericDocValue) without re-analysing the text.
    public const string Likes = "likes";
    public const string Collects = "collects";
    public const string Comments = "comments";
    public const string Shares = "shares";
    public const string Popularity = "popularity";
    public const string Views = "views";

    /// <summary>The smoothed engagement rate "popular" sorts by, in billionths (doc values are integers).</summary>
    public const string EngagementRate = "engagementRate";

    public const double RateScale = 1e9;

    public static readonly string[] Counters = [Likes, Collects, Comments, Shares, Popularity, Views, EngagementRate];

    public static LuceneVersion Version => LuceneVersion.LUCENE_48;

    public static Analyzer CreateAnalyzer(bool normalize = true)
    {
        var grams = new CJKAnalyzer(Version);
        var analyzer = new PerFieldAnalyzerWrapper(
            new SmartChineseAnalyzer(Version),
            new Dictionary<string, Analyzer> { [TitleGrams] = grams, [BodyGrams] = grams, [TopicsGrams] = grams });
        return normalize ? new NormalizingAnalyzer(analyzer) : analyzer;
    }
}
