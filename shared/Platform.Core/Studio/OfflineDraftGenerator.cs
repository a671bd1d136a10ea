using System.Globalization;
using System.Text;
using Platform.Core.Common;
using Platform.Core.Studio.Analytics;

namespace Platform.Core.Studio;

/// <summary>
/// The default drafter, with no model: fills templates with the product facts, the brand's key messages, the
/// best-performing topics and the title patterns that lift engagement. Its drafts say they are offline templates.
/// </summary>
public sealed class OfflineDraftGenerator : IDraftGenerator
{
    public const string GeneratorName = "offline";

    private const int MaxTopics = 6;

    /// <inheritdoc/>
    public string Name => GeneratorName;

    /// <inheritdoc/>
    public bool IsOffline => true;

    /// <inheritdoc/>
    public Task<DraftGeneration> GenerateAsync(DraftPrompt prompt, CancellationToken cancellationToken)
    {
        var brief = prompt.Brief;
        var grounding = prompt.Grounding;
        var insights = grounding.Insights;
        var product = grounding.Products.Count > 0 ? grounding.Products[0] : null;
        var productName = product?.Name is { Length: > 0 } name ? Shorten(name, 12) : NameFromKeyMessage(brief);
        // What the brand asked to say comes first, then catalogue facts.
        var points = brief.KeyMessages.Concat(product?.Facts ?? []).Where(p => p.Length > 0).Distinct().Take(4).ToList();
        var target = TargetQuery.Of(brief);
        var topics = BestTopics(brief, grounding, target);
        var patterns = new Patterns(
            Number: Lifts(insights, NoteFeatures.TitleNumber),
            Question: Lifts(insights, NoteFeatures.TitleQuestion),
            Emoji: Lifts(insights, NoteFeatures.TitleEmoji));

        var drafts = new List<GeneratedDraft>();
        for (var i = 0; i < brief.Variants; i++)
        {
            var angle = brief.IsChinese ? ChineseAngles[i % ChineseAngles.Length] : EnglishAngles[i % EnglishAngles.Length];
            var count = Math.Max(3, points.Count);
            var audience = Text.VisibleLength(brief.Audience) <= (brief.IsChinese ? 8 : 24) ? brief.Audience : (brief.IsChinese ? "你" : "you");
            var title = target.Lead(angle.Title(productName, count, audience, patterns), brief.IsChinese);
            if (patterns.Emoji && !NoteFeatures.HasEmoji(title))
            {
                title += Emojis[i % Emojis.Length];
            }

            var body = Body(brief, productName, points, angle, grounding.Exemplars.Count > i ? grounding.Exemplars[i] : null, target);
            drafts.Add(new GeneratedDraft(
                title,
                body,
                topics,
                brief.IsChinese ? $"3:4竖图：{productName}{angle.Cover}，明亮自然光，标题大字放在上方" : $"3:4 portrait: {productName} {angle.Cover}, bright natural light, the title in large type at the top",
                Why(insights, topics, patterns, angle)));
        }

        return Task.FromResult(new DraftGeneration(drafts, TokenUsage.None, GeneratorName, Model: null, Offline: true, Attempts: 1));
    }

    private static readonly string[] Emojis = ["✨", "🌿", "💡", "🌞", "📝"];

    private sealed record Patterns(bool Number, bool Question, bool Emoji);

    private sealed record Angle(string Name, Func<string, int, string, Patterns, string> Title, string Opening, string Cover);

    private static readonly Angle[] ChineseAngles =
    [
        new("guide", (p, n, a, f) => f.Question ? $"{p}怎么用效果好？{n}个小技巧" : $"{n}个{p}使用小技巧", "这篇整理了使用{0}的几个小技巧，收藏备用。", "的使用步骤分格图"),
        new("fit", (p, n, a, f) => f.Number ? $"{a}适合{p}吗？看这{n}点" : $"{a}适合{p}吗？", "{0}适合谁、怎么选，一篇说清楚。", "在日常场景中的特写"),
        new("checklist", (p, n, a, f) => $"入手{p}前必看的{n}点", "下单{0}之前，先看看这几点。", "和要点清单的拼图"),
        new("details", (p, n, a, f) => f.Question ? $"{p}的{n}个细节，你注意到了吗？" : $"关于{p}的{n}个细节", "{0}的这些细节，品牌想认真跟大家聊聊。", "的质地与细节微距"),
        new("routine", (p, n, a, f) => $"{p}｜{n}步日常搭配", "把{0}放进日常，只需要这几步。", "融入一天日常的场景图"),
    ];

    private static readonly Angle[] EnglishAngles =
    [
        new("guide", (p, n, a, f) => f.Question ? $"Getting more from {p}? {n} tips" : $"{n} tips for using {p}", "A few tips for getting the most out of {0}. Save it for later.", "step-by-step grid"),
        new("fit", (p, n, a, f) => f.Number ? $"Is {p} for you? {n} things to know" : $"Is {p} right for {a}?", "Who {0} is for, and how to choose.", "close-up in an everyday setting"),
        new("checklist", (p, n, a, f) => $"{n} things to check before buying {p}", "Before you order {0}, check these points.", "collage with a checklist"),
        new("details", (p, n, a, f) => $"{n} details of {p} worth a look", "The details of {0} we want to talk about.", "macro shot of texture and details"),
        new("routine", (p, n, a, f) => $"{p} in {n} easy daily steps", "Fitting {0} into your day takes only a few steps.", "daily-routine scene"),
    ];

    private static string Body(DraftBrief brief, string product, IReadOnlyList<string> points, Angle angle, Exemplar? exemplar, TargetQuery target)
    {
        var body = new StringBuilder();
        body.AppendLine(brief.IsChinese ? "【品牌合作】" : "[Sponsored]");
        if (target.Phrase is { } phrase)
        {
            // The reader's question in their own words, answered by what follows.
            body.AppendLine(brief.IsChinese ? $"常有人搜{phrase}，这篇从{product}说起，一次说清楚。" : $"Many of you search for {phrase}; here is how {product} fits.");
        }
        body.AppendLine(string.Format(CultureInfo.InvariantCulture, angle.Opening, product));
        body.AppendLine();
        var n = 1;
        foreach (var point in points.DefaultIfEmpty(brief.IsChinese ? $"{product}的核心卖点" : $"what makes {product} different"))
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"{n++}. {point}");
        }

        body.AppendLine();
        body.AppendLine(brief.IsChinese ? $"适合：{brief.Audience}" : $"For: {brief.Audience}");
        body.AppendLine(brief.IsChinese ? $"想说的话：{brief.Goal}" : $"Why we made this: {brief.Goal}");
        if (exemplar is not null && exemplar.Topics.Count > 0)
        {
            body.AppendLine(brief.IsChinese ? "你平时怎么用？评论区聊聊～" : "How do you use it? Tell us in the comments.");
        }

        return body.ToString().Trim();
    }

    private static List<string> BestTopics(DraftBrief brief, DraftGrounding grounding, TargetQuery target) =>
        target.Topics
            .Concat(brief.Topics)
            .Concat(grounding.Products.SelectMany(p => p.Topics))
            .Concat(grounding.Insights.OfKind(FeatureKind.Topic).Where(f => f.Lift >= 1).OrderByDescending(f => f.Lift).Select(f => f.Label.TrimStart('#')))
            .Concat(grounding.Exemplars.SelectMany(e => e.Topics))
            .Select(Notes.Topics.Normalize)
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxTopics)
            .ToList();

    /// <summary>
    /// The brief's target search query as words a note can say: its terms as one phrase (joined without spaces between
    /// Chinese words, as a reader would write them) and its #topics as topics. Every term stays whole and contiguous, so
    /// searching the query finds the draft.
    /// </summary>
    private sealed record TargetQuery(string? Phrase, IReadOnlyList<string> Topics)
    {
        public static TargetQuery Of(DraftBrief brief)
        {
            var (terms, topics) = Search.SearchText.Parse(brief.TargetQuery);
            var phrase = new StringBuilder();
            foreach (var term in terms)
            {
                var joinsWithoutSpace = phrase.Length == 0 || (IsCjk(phrase[^1]) && IsCjk(term[0]));
                phrase.Append(joinsWithoutSpace ? "" : " ").Append(term);
            }

            var topicNames = Notes.Topics.ParseFrom(string.Join(' ', (brief.TargetQuery ?? "").Split(' ').Where(w => w.StartsWith('#')))).ToList();
            return new TargetQuery(phrase.Length == 0 ? (topics.Count > 0 ? topicNames.FirstOrDefault() : null) : phrase.ToString(), topicNames);
        }

        /// <summary><paramref name="title"/> led by the query, unless it says it already.</summary>
        public string Lead(string title, bool chinese) => Phrase is null || title.Contains(Phrase, StringComparison.OrdinalIgnoreCase)
            ? title
            : chinese ? $"{Phrase}｜{title}" : $"{Phrase}: {title}";

        private static bool IsCjk(char c) => c is >= '\u3400' and <= '\u9FFF';
    }

    private static bool Lifts(StudioInsights insights, string key) => insights.Find(key) is { Lift: > 1 };

    private static string Why(StudioInsights insights, IReadOnlyList<string> topics, Patterns patterns, Angle angle)
    {
        var reasons = new List<string> { $"Offline template '{angle.Name}' (no model was used)" };
        var lifted = topics.Select(t => insights.Find(NoteFeatures.Topic(t))).OfType<FeatureInsight>().Where(f => f.Lift > 1).ToList();
        if (lifted.Count > 0)
        {
            reasons.Add("topics that outperform: " + string.Join(", ", lifted.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Label} {f.Lift:0.00}x"))));
        }

        foreach (var (on, key) in new[] { (patterns.Number, NoteFeatures.TitleNumber), (patterns.Question, NoteFeatures.TitleQuestion), (patterns.Emoji, NoteFeatures.TitleEmoji) })
        {
            if (on && insights.Find(key) is { } f)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{f.Label} ({f.Lift:0.00}x)"));
            }
        }

        return string.Join("; ", reasons) + ".";
    }

    // Without catalogue facts the product is named by the first phrase of the first key message ("轻透防晒乳 SPF50+" → "轻透防晒乳").
    private static string NameFromKeyMessage(DraftBrief brief)
    {
        var fallback = brief.IsChinese ? "新品" : "our new product";
        if (brief.KeyMessages.Count == 0)
        {
            return fallback;
        }

        var phrase = brief.KeyMessages[0].Split([' ', ',', '，', '。', '、', ';', '；', ':', '：', '!', '！'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return phrase is null ? fallback : Shorten(phrase, brief.IsChinese ? 10 : 30);
    }

    private static string Shorten(string text, int max)
    {
        var info = new StringInfo(text.Trim());
        return info.LengthInTextElements <= max ? text.Trim() : info.SubstringByTextElements(0, max);
    }
}
