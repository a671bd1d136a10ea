using Microsoft.Extensions.Options;
using Platform.Core.Notes;
using Platform.Core.Studio;

namespace Platform.Tests.Studio;

/// <summary>A grounded prompt whose exemplar text carries personal data, to check that none of it leaves.</summary>
internal static class StudioFixtures
{
    public const string ExemplarPhone = "13812345678";
    public const string ExemplarEmail = "mei.li@example.com";
    public const string ExemplarWeChat = "meili_2024";
    public const string ExemplarHandle = "@小美的日常";

    public static DraftBrief Brief(int variants = 2, string language = "zh") => new CreateSuggestionRequest(
        ["sunscreen-50"], "新品防晒的种草", "通勤的年轻女性", "真诚", language, variants, ["SPF50+ PA++++", "清爽不油腻"], ["防晒"]).ToBrief();

    public static DraftGrounding Grounding() => new(
        [new ProductFacts("sunscreen-50", "轻透防晒乳", "防晒", 129m, "CNY", ["SPF50+ PA++++", "50ml"], ["防晒"])],
        new StudioInsights("topic:防晒", 120, 0.06, 0.004,
            [
                new FeatureInsight("topic:防晒", FeatureKind.Topic, "#防晒", 120, 0.06, 1.0, 0.004, 40, 5160m),
                new FeatureInsight("title.number", FeatureKind.TitlePattern, "title contains a number", 45, 0.084, 1.4, 0.005, 20, 2580m),
                new FeatureInsight("time.evening", FeatureKind.PostingTime, "posted in the evening (18-22h)", 30, 0.075, 1.25, 0.004, 10, 1290m),
            ],
            [new PerformerInsight("note-top-1", 0.12, 5000, 12, 1548m, ["title contains a number (1.40x)"])],
            []),
        [new Exemplar("3个防晒小技巧，通勤党必看", $"夏天通勤防晒这样做 联系我 {ExemplarPhone} 或 {ExemplarEmail}，微信: {ExemplarWeChat} {ExemplarHandle}", ["防晒", "通勤"], 0.12)]);

    public static DraftPrompt Prompt(int variants = 2) =>
        new DraftPromptBuilder(Options.Create(new NoteLimitsOptions())).Build(Brief(variants), Grounding());

    public static string DraftsJson(int count, string title = "3个防晒小技巧") =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            drafts = Enumerable.Range(1, count).Select(i => new
            {
                title = $"{title} {i}",
                body = "清爽不油腻，SPF50+ PA++++，通勤也能轻松补涂。",
                topics = new[] { "防晒", "通勤" },
                coverImageIdea = "产品与通勤包的3:4竖图",
                whyItWorks = "标题带数字（1.4x）",
            }),
        });
}
