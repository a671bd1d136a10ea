using System.Globalization;
using System.Text;
using Platform.Core.Common;
using Platform.Core.Studio.Analytics;

namespace Platform.Core.Studio;

/// <summary>
/// The default drafter, with no model. It writes the way creators post rather than filling in a form: each variant takes a
/// different shape (a story, emoji-led impressions, a question answered, before and after, a day's routine), ordered by the
/// shapes of the exemplars that perform best; openings differ across variants and across briefs. The brief is read as intent
/// (the goal picks the angle, the audience a scene, the tone the register) and never pasted; catalogue facts and the brand's
/// selling points are woven into sentences. Its drafts say they are offline in <c>WhyItWorks</c>.
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
        var zh = brief.IsChinese;
        var intent = Intent.Of(brief);
        // The brand's selling points, phrase by phrase (never a whole multi-phrase message), then catalogue facts.
        var points = brief.KeyMessages.SelectMany(Phrases)
            .Concat(product?.Facts ?? [])
            .Where(p => p.Length > 0 && !string.Equals(p, productName, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Take(5)
            .ToList();
        var target = TargetQuery.Of(brief);
        var topics = BestTopics(brief, grounding, target);
        var patterns = new Patterns(
            Number: Lifts(insights, NoteFeatures.TitleNumber),
            Question: Lifts(insights, NoteFeatures.TitleQuestion),
            Emoji: Lifts(insights, NoteFeatures.TitleEmoji));
        var shapes = ShapesFor(grounding.Exemplars);
        // Different briefs start from different openings; within one brief every variant differs.
        var seed = Seed(brief.Goal + "|" + productName + "|" + brief.Audience);

        var drafts = new List<GeneratedDraft>();
        for (var i = 0; i < brief.Variants; i++)
        {
            var shape = shapes[i % shapes.Count];
            var count = Math.Max(3, Math.Min(points.Count, 5));
            var title = target.Lead(Title(shape, zh, productName, count, intent, patterns, seed + i), zh);
            if (patterns.Emoji && !NoteFeatures.HasEmoji(title))
            {
                title += Emojis[(seed + i) % Emojis.Length];
            }

            // Openings come from the brief's seed by shape (so no two variants share one); sentence frames vary by variant.
            var body = target.Answer(zh
                ? ChineseBody(shape, productName, points, intent, product, seed, seed + i)
                : EnglishBody(shape, productName, points, intent, product, seed, seed + i), productName, zh);
            drafts.Add(new GeneratedDraft(
                title,
                body,
                topics,
                zh ? $"3:4竖图：{productName}{Covers[shape].Zh}，明亮自然光，标题大字放在上方" : $"3:4 portrait: {productName} {Covers[shape].En}, bright natural light, the title in large type at the top",
                Why(insights, topics, patterns, shape)));
        }

        return Task.FromResult(new DraftGeneration(drafts, TokenUsage.None, GeneratorName, Model: null, Offline: true, Attempts: 1));
    }

    private static readonly string[] Emojis = ["✨", "🌿", "💡", "🌞", "📝"];

    private sealed record Patterns(bool Number, bool Question, bool Emoji);

    /// <summary>How a note is built: the shapes real notes take.</summary>
    internal enum Shape
    {
        Story,
        Impressions,
        Question,
        BeforeAfter,
        Routine,
    }

    private static readonly Dictionary<Shape, (string Zh, string En)> Covers = new()
    {
        [Shape.Story] = ("拿在手里的生活感特写", "held in hand, lifestyle close-up"),
        [Shape.Impressions] = ("和三四个要点贴纸的拼图", "collage with three or four sticker notes"),
        [Shape.Question] = ("配一个大问号的对比图", "with a big question mark, side by side"),
        [Shape.BeforeAfter] = ("前后对比的左右分屏", "before-and-after split screen"),
        [Shape.Routine] = ("融入一天日常的分格图", "in a day-in-the-life grid"),
    };

    /// <summary>What the brief is for, read from its words (never quoted back): the angle, the scene, the register.</summary>
    private sealed record Intent(string Angle, string? SceneZh, string? SceneEn, string? PersonaZh, bool Lively, bool Expert)
    {
        public static Intent Of(DraftBrief brief)
        {
            var goal = brief.Goal.ToLowerInvariant();
            var angle = Has(goal, "新品", "上市", "首发", "launch", "new") ? "new"
                : Has(goal, "试用", "体验", "trial", "try", "sample") ? "trial"
                : Has(goal, "复购", "回购", "repeat", "loyal") ? "repeat"
                : "discover";
            var audience = brief.Audience.ToLowerInvariant();
            var (zh, en, persona) = Has(audience, "通勤", "上班", "office", "commut") ? ("每天通勤路上", "on my commute", "通勤党")
                : Has(audience, "学生", "宿舍", "student", "campus") ? ("在宿舍和教室之间", "between classes", "学生党")
                : Has(audience, "妈妈", "宝妈", "parent", "mom") ? ("带娃出门的时候", "out with the kids", "宝妈")
                : Has(audience, "户外", "运动", "outdoor", "sport", "run") ? ("周末户外的时候", "outdoors at the weekend", "户外党")
                : Has(audience, "旅行", "出差", "travel") ? ("出差旅行的时候", "when I travel", "旅行党")
                : ((string?)null, (string?)null, (string?)null);
            var tone = brief.Tone.ToLowerInvariant();
            return new Intent(angle, zh, en, persona,
                Lively: Has(tone, "活泼", "俏皮", "可爱", "轻松", "fun", "playful", "upbeat"),
                Expert: Has(tone, "专业", "干货", "科普", "expert", "professional"));
        }

        private static bool Has(string text, params string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));
    }

    // Shapes ordered by what performs: the best exemplars' titles say which shapes readers reward, the rest follow.
    internal static List<Shape> ShapesFor(IReadOnlyList<Exemplar> exemplars)
    {
        var weights = Enum.GetValues<Shape>().ToDictionary(s => s, _ => 0.0);
        foreach (var e in exemplars)
        {
            var features = NoteFeatures.OfTitle(e.Title);
            var shape = features.Contains(NoteFeatures.TitleQuestion) ? Shape.Question
                : features.Contains(NoteFeatures.TitleNumber) ? Shape.Impressions
                : e.Body.Contains('→') || e.Body.Contains("以前", StringComparison.Ordinal) ? Shape.BeforeAfter
                : Shape.Story;
            weights[shape] += 1 + e.EngagementRate;
        }

        return weights.OrderByDescending(w => w.Value).ThenBy(w => (int)w.Key).Select(w => w.Key).ToList();
    }

    private static string Title(Shape shape, bool zh, string p, int n, Intent intent, Patterns f, int seed)
    {
        var who = zh ? intent.PersonaZh ?? "你" : "you";
        var options = (shape, zh) switch
        {
            (Shape.Story, true) => new[] { f.Number ? $"用了{n}周{p}，说点真实感受" : $"{p}，比我想的好用", $"{p}到底值不值？我的{n}点感受" },
            (Shape.Impressions, true) => new[] { $"{p}的{n}个小惊喜", $"关于{p}，我最想说的{n}件事" },
            (Shape.Question, true) => new[] { f.Question || !f.Number ? $"{p}真的适合{who}吗？" : $"{p}适合{who}吗？{n}点说清楚", $"为什么最近都在聊{p}？{n}个原因" },
            (Shape.BeforeAfter, true) => new[] { f.Number ? $"换成{p}的{n}个变化" : $"换成{p}之后的变化", $"{p}前后对比，{n}点不一样" },
            (_, true) => new[] { intent.PersonaZh is { } persona ? $"{persona}｜{p}的{n}个用法" : $"{p}｜{n}个日常用法", $"{p}放进日常的{n}个时刻" },
            (Shape.Story, false) => new[] { f.Number ? $"{n} weeks with {p}: honest notes" : $"{p} surprised me", $"Is {p} worth it? {n} honest thoughts" },
            (Shape.Impressions, false) => new[] { $"{n} little things I love about {p}", $"{n} things to know about {p}" },
            (Shape.Question, false) => new[] { f.Number ? $"Is {p} for you? {n} things to know" : $"Is {p} right for you?", $"Why is everyone talking about {p}? {n} reasons" },
            (Shape.BeforeAfter, false) => new[] { $"{n} things that changed after switching to {p}", $"Before and after {p}: {n} differences" },
            _ => new[] { $"{p} in {n} everyday moments", $"{n} ways {p} fits into my day" },
        };
        return options[seed % options.Length];
    }

    private static string ChineseBody(Shape shape, string p, IReadOnlyList<string> points, Intent intent, ProductFacts? product, int seed, int variant)
    {
        var scene = intent.SceneZh ?? "平时";
        var openings = intent.Angle switch
        {
            "new" => new[] { $"最近入手了{p}，新品期就忍不住先冲了。", $"{p}一上新我就拿到了，先交个作业。", $"说实话，一开始对{p}没抱太大期待。" },
            "trial" => new[] { $"拿到{p}的小样，认真用了一段时间。", $"{p}试用了快两周，来说说真实体验。", $"本来只是想试试{p}，结果用上瘾了。" },
            "repeat" => new[] { $"这已经是我回购的第二支{p}了。", $"{p}空瓶了，趁着回购聊聊它。", $"身边好几个朋友问我一直在用的{p}。" },
            _ => new[] { $"被问了好多次，今天认真聊聊{p}。", $"{scene}最常带着的，就是这支{p}。", $"姐妹们，{p}我真的要夸一下。" },
        };
        var facts = WovenChinese(points, variant);
        var sb = new StringBuilder();
        var mark = intent.Lively ? "～" : "。";
        switch (shape)
        {
            case Shape.Story:
                sb.AppendLine(openings[seed % openings.Length]);
                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture, $"{scene}用得最多。{string.Concat(facts.Take(2))}");
                if (facts.Count > 2)
                {
                    sb.AppendLine(string.Concat(facts.Skip(2)));
                }

                sb.AppendLine();
                sb.AppendLine(intent.Expert ? $"客观说，{p}不是万能的，但在它擅长的地方确实做得好{mark}" : $"总之{p}已经留在我的日常里了{mark}");
                break;
            case Shape.Impressions:
                sb.AppendLine(openings[(seed + 1) % openings.Length]);
                sb.AppendLine();
                var bullets = new[] { "🌿", "💧", "✨", "👀", "📌" };
                for (var i = 0; i < facts.Count; i++)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"{bullets[i % bullets.Length]} {facts[i].TrimEnd('。')}");
                }

                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture, $"{scene}带着也完全没负担{mark}");
                break;
            case Shape.Question:
                sb.AppendLine(CultureInfo.InvariantCulture, $"很多人问我：{p}到底好不好用？");
                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture, $"我的答案是，看你需要什么。{string.Concat(facts.Take(2))}");
                if (facts.Count > 2)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"另外，{string.Concat(facts.Skip(2))}");
                }

                sb.AppendLine();
                sb.AppendLine(intent.SceneZh is null ? $"如果你也在找顺手的{product?.Category ?? "好物"}，可以试试{mark}" : $"如果你也是{scene}需要它的人，可以试试{mark}");
                break;
            case Shape.BeforeAfter:
                sb.AppendLine(CultureInfo.InvariantCulture, $"以前{scene}总是凑合着用，换成{p}之后才发现差别。");
                sb.AppendLine();
                foreach (var fact in facts)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"→ {fact}");
                }

                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture, $"现在{p}已经是我的固定搭配了{mark}");
                break;
            default:
                sb.AppendLine(openings[(seed + 2) % openings.Length]);
                sb.AppendLine();
                var moments = new[] { "早上出门前，", "中午补一下，", "晚上回家，", "周末出门，", "临睡前，" };
                for (var i = 0; i < facts.Count; i++)
                {
                    sb.AppendLine(moments[i % moments.Length] + facts[i]);
                }

                break;
        }

        sb.AppendLine();
        sb.Append(new[] { "你们平时怎么用？评论区聊聊～", "有问题可以在评论区问我。", "你们还想看哪种实测？" }[variant % 3]);
        return sb.ToString().Trim();
    }

    private static string EnglishBody(Shape shape, string p, IReadOnlyList<string> points, Intent intent, ProductFacts? product, int seed, int variant)
    {
        var scene = intent.SceneEn ?? "day to day";
        var openings = intent.Angle switch
        {
            "new" => new[] { $"I picked up {p} the week it came out.", $"Honestly, I didn't expect much from {p}.", $"{p} is new, so here is my first take." },
            "trial" => new[] { $"I've been trying {p} for about two weeks.", $"I only meant to test {p} once. Then I kept using it.", $"Here is how my trial of {p} went." },
            "repeat" => new[] { $"This is my second {p}.", $"I just finished my {p}, so let's talk about it.", $"Friends keep asking what I use: it's {p}." },
            _ => new[] { $"I get asked about {p} a lot, so here goes.", $"{p} is the thing I reach for {scene}.", $"Let me tell you about {p}." },
        };
        var facts = WovenEnglish(points, variant);
        var sb = new StringBuilder();
        switch (shape)
        {
            case Shape.Story:
                sb.AppendLine(openings[seed % openings.Length]);
                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture, $"I use it most {scene}. {string.Join(" ", facts.Take(2))}");
                if (facts.Count > 2)
                {
                    sb.AppendLine(string.Join(" ", facts.Skip(2)));
                }

                sb.AppendLine();
                sb.AppendLine(intent.Expert ? $"It isn't magic, but {p} does what it claims." : $"{p} has earned its spot in my bag.");
                break;
            case Shape.Impressions:
                sb.AppendLine(openings[(seed + 1) % openings.Length]);
                sb.AppendLine();
                foreach (var fact in facts)
                {
                    sb.AppendLine("• " + fact);
                }

                break;
            case Shape.Question:
                sb.AppendLine(CultureInfo.InvariantCulture, $"People ask me whether {p} is worth it.");
                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture, $"Short answer: it depends on what you need. {string.Join(" ", facts)}");
                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture, $"If you're looking for a good {product?.Category ?? "everyday pick"}, give it a go.");
                break;
            case Shape.BeforeAfter:
                sb.AppendLine(CultureInfo.InvariantCulture, $"Before, I made do with whatever I had. After switching to {p}, I noticed the difference.");
                sb.AppendLine();
                foreach (var fact in facts)
                {
                    sb.AppendLine("→ " + fact);
                }

                break;
            default:
                sb.AppendLine(openings[(seed + 2) % openings.Length]);
                sb.AppendLine();
                var moments = new[] { "Morning: ", "Midday: ", "Evening: ", "Weekend: ", "Before bed: " };
                for (var i = 0; i < facts.Count; i++)
                {
                    sb.AppendLine(moments[i % moments.Length] + facts[i]);
                }

                break;
        }

        sb.AppendLine();
        sb.Append(new[] { "How do you use yours? Tell me in the comments.", "Questions? Ask below.", "What should I test next?" }[variant % 3]);
        return sb.ToString().Trim();
    }

    private static readonly string[] ChineseFrames = ["最打动我的是{0}。", "{0}，这点真的加分。", "用下来发现{0}。", "细节上，{0}。", "还有一点，{0}。"];

    private static readonly string[] EnglishFrames = ["What won me over: {0}.", "I noticed {0} right away.", "Also, {0}.", "A small thing I like: {0}.", "On top of that, {0}."];

    private static List<string> WovenChinese(IReadOnlyList<string> points, int seed) =>
        points.DefaultIfEmpty("用起来很顺手").Select((p, i) => string.Format(CultureInfo.InvariantCulture, ChineseFrames[(seed + i) % ChineseFrames.Length], p.TrimEnd('。', '！', '!'))).ToList();

    private static List<string> WovenEnglish(IReadOnlyList<string> points, int seed) =>
        points.DefaultIfEmpty("it is easy to use").Select((p, i) => string.Format(CultureInfo.InvariantCulture, EnglishFrames[(seed + i) % EnglishFrames.Length], p.TrimEnd('.', '!'))).ToList();

    // A key message with several phrases ("SPF50+ PA++++，咨询加微信") is split, so no message is pasted whole.
    private static IEnumerable<string> Phrases(string message) =>
        message.Split(['，', ',', '。', '；', ';', '！', '!', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => p.Length > 0);

    private static int Seed(string text)
    {
        // Stable across processes (string.GetHashCode is randomised per process).
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash & 0xffffff;
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

        /// <summary><paramref name="body"/> opened by the reader's question in their own words, which the rest answers.</summary>
        public string Answer(string body, string product, bool chinese) => Phrase is null
            ? body
            : (chinese ? $"常有人搜{Phrase}，这篇从{product}说起，一次说清楚。" : $"Many of you search for {Phrase}; here is how {product} fits.") + "\n" + body;

        private static bool IsCjk(char c) => c is >= '\u3400' and <= '\u9FFF';
    }

    private static bool Lifts(StudioInsights insights, string key) => insights.Find(key) is { Lift: > 1 };

    private static string Why(StudioInsights insights, IReadOnlyList<string> topics, Patterns patterns, Shape shape)
    {
        var reasons = new List<string> { $"Offline template '{shape.ToString().ToLowerInvariant()}' (no model was used)" };
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
