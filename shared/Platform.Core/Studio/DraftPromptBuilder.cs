using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Platform.Core.Notes;

namespace Platform.Core.Studio;

/// <summary>
/// Builds the prompt from the brief and its grounding: product facts, what performs (insights) and a few anonymised
/// top-performing notes. Everything that goes in passes <see cref="PersonalData.Scrub"/>; no user id or name is included.
/// </summary>
public sealed class DraftPromptBuilder(IOptions<NoteLimitsOptions> limits)
{
    private const int ExemplarBodyChars = 300;
    private const int MaxFeaturesPerKind = 5;

    public DraftPrompt Build(DraftBrief brief, DraftGrounding grounding)
    {
        var l = limits.Value;
        var language = brief.IsChinese ? "Simplified Chinese" : "English";
        var system = $"""
            You draft notes for a lifestyle community in the style of Xiaohongshu (Little Red Book), on behalf of a brand.
            The notes are sponsored brand content and will be labelled as sponsored and AI-assisted; a person reviews and publishes them.
            Write in {language}. Return exactly {brief.Variants} different drafts as JSON following the schema.
            Rules every draft must follow:
            - Title: short and specific; readers see only the first 20 characters; never more than {l.TitleMaxLength} characters.
            - Body: at most {l.BodyMaxLength} characters; at most {l.MaxTopics} topics, without '#'.
            - Only claim what the product facts and key messages say. No absolute terms (最, 最佳, 第一, 国家级, best, No.1),
              no medical claims (治疗, 消炎, 抗敏, 祛疤, 生发, 瘦身, 纯天然, cure, heal), no prices that are not in the facts.
            - No phone numbers, e-mail addresses, WeChat or QQ ids, links or QR codes; do not invite readers off the platform.
            - Do not pretend to be an unpaid personal experience: it is the brand speaking, honestly.
            - Use the insights and exemplars for structure, topics and title patterns; never copy an exemplar's sentences.
            - "whyItWorks" names the insights or exemplar patterns the draft builds on.
            - When the brief has a target search query, every draft answers what a reader searching it wants to know: use the
              query's words naturally in the title and the first lines of the body (no keyword lists, no "keywords:" lines).
            """;

        var user = new StringBuilder();
        user.AppendLine("## Brief");
        user.AppendLine(CultureInfo.InvariantCulture, $"- Goal: {Clean(brief.Goal)}");
        user.AppendLine(CultureInfo.InvariantCulture, $"- Audience: {Clean(brief.Audience)}");
        user.AppendLine(CultureInfo.InvariantCulture, $"- Tone: {Clean(brief.Tone)}");
        user.AppendLine(CultureInfo.InvariantCulture, $"- Variants: {brief.Variants}");
        if (brief.TargetQuery is { } target)
        {
            user.AppendLine(CultureInfo.InvariantCulture, $"- Target search query (readers search this and find too little; answer it): {Clean(target)}");
        }

        foreach (var message in brief.KeyMessages)
        {
            user.AppendLine(CultureInfo.InvariantCulture, $"- Key message: {Clean(message)}");
        }

        user.AppendLine().AppendLine("## Products");
        foreach (var product in grounding.Products)
        {
            user.Append(CultureInfo.InvariantCulture, $"- {Clean(product.Name ?? product.ProductId)}");
            if (product.Category is { } category)
            {
                user.Append(CultureInfo.InvariantCulture, $" ({Clean(category)})");
            }

            if (product.Price is { } price)
            {
                user.Append(CultureInfo.InvariantCulture, $", price {price.ToString("0.##", CultureInfo.InvariantCulture)} {product.Currency}");
            }

            user.AppendLine();
            foreach (var fact in product.Facts)
            {
                user.AppendLine(CultureInfo.InvariantCulture, $"  - {Clean(fact)}");
            }
        }

        AppendInsights(user, grounding.Insights);

        user.AppendLine().AppendLine("## Exemplar notes (top performers, anonymised; learn the pattern, do not copy)");
        if (grounding.Exemplars.Count == 0)
        {
            user.AppendLine("- (none yet)");
        }

        var n = 1;
        foreach (var exemplar in grounding.Exemplars)
        {
            user.AppendLine(CultureInfo.InvariantCulture,
                $"{n++}. Title: {Clean(exemplar.Title)} | engagement {Percent(exemplar.EngagementRate)} | topics: {string.Join(", ", exemplar.Topics.Select(Clean))}");
            user.AppendLine(CultureInfo.InvariantCulture, $"   Body: {Clean(Excerpt(exemplar.Body))}");
        }

        return new DraftPrompt(brief, grounding, system, user.ToString());
    }

    private static void AppendInsights(StringBuilder user, StudioInsights insights)
    {
        user.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## What performs ({Clean(insights.Scope)})");
        if (insights.NoteCount == 0)
        {
            user.AppendLine("- No analytics yet: rely on the brief and product facts.");
            return;
        }

        user.AppendLine(CultureInfo.InvariantCulture,
            $"- {insights.NoteCount} notes; average engagement rate {Percent(insights.BaselineEngagementRate)}, conversion {Percent(insights.BaselineConversionRate)}.");
        foreach (var kind in Enum.GetValues<FeatureKind>())
        {
            var best = insights.OfKind(kind).OrderByDescending(f => f.Lift).Take(MaxFeaturesPerKind).ToList();
            if (best.Count == 0)
            {
                continue;
            }

            var listed = string.Join("; ", best.Select(f => string.Create(CultureInfo.InvariantCulture,
                $"{Clean(f.Label)} {f.Lift:0.00}x engagement ({f.Notes} notes, {f.Orders} orders)")));
            user.AppendLine(CultureInfo.InvariantCulture, $"- {kind}: {listed}");
        }

        foreach (var top in insights.TopPerformers.Take(3))
        {
            user.AppendLine(CultureInfo.InvariantCulture, $"- A top performer stands out for: {string.Join("; ", top.Reasons.Select(Clean))}");
        }
    }

    private static string Clean(string text) => PersonalData.Scrub(text.ReplaceLineEndings(" ").Trim());

    private static string Excerpt(string body)
    {
        var info = new StringInfo(body);
        return info.LengthInTextElements <= ExemplarBodyChars ? body : info.SubstringByTextElements(0, ExemplarBodyChars) + "…";
    }

    private static string Percent(double rate) => rate.ToString("0.0%", CultureInfo.InvariantCulture);
}
