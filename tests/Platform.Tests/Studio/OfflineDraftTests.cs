using Microsoft.Extensions.Options;
using Platform.Core.Notes;
using Platform.Core.Studio;
using Xunit.Abstractions;

namespace Platform.Tests.Studio;

/// <summary>
/// Offline drafts read like notes people write: the brief is intent, never pasted; openings and shapes vary within a
/// suggestion and across briefs; the product's facts are in the sentences.
/// </summary>
public sealed class OfflineDraftTests(ITestOutputHelper output)
{
    private static readonly CreateSuggestionRequest[] Briefs =
    [
        new(["sunscreen-50"], "新品防晒的种草", "通勤的年轻女性", "真诚", "zh", 5, ["SPF50+ PA++++，通勤补涂不搓泥", "清爽不油腻"], ["防晒"]),
        new(["sunscreen-50"], "让老用户回购大瓶装", "已经用过的老顾客", "活泼", "zh", 5, ["大瓶装更划算，一夏天够用"], ["防晒"]),
        new(["sunscreen-50"], "推动学生试用旅行装", "预算有限的大学生", "专业干货", "zh", 5, [], ["防晒"]),
        new(["sunscreen-50"], "launch awareness for the new formula", "busy commuters in their twenties", "playful", "en", 5, ["SPF50+ PA++++, no white cast"], ["sunscreen"]),
    ];

    [Fact]
    public async Task No_brief_field_is_pasted_and_product_facts_are_woven_into_sentences()
    {
        foreach (var request in Briefs)
        {
            var brief = request.ToBrief();
            var drafts = await GenerateAsync(brief);
            Assert.Equal(5, drafts.Count);
            foreach (var draft in drafts)
            {
                var text = draft.Title + "\n" + draft.Body;
                Assert.DoesNotContain(brief.Goal, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(brief.Audience, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(brief.Tone, text, StringComparison.OrdinalIgnoreCase);
                // A key message of several phrases is never pasted whole (its phrases are woven in one by one).
                Assert.All(brief.KeyMessages.Where(m => m.IndexOfAny(['，', ',']) >= 0), m => Assert.DoesNotContain(m, text, StringComparison.Ordinal));
                Assert.DoesNotContain("想说的话", text, StringComparison.Ordinal);
                Assert.DoesNotContain("适合：", text, StringComparison.Ordinal);
                Assert.DoesNotMatch(@"(?m)^\d+\. ", draft.Body);

                // Each catalogue fact sits inside a sentence, not alone on a line.
                foreach (var fact in Facts)
                {
                    Assert.Contains(fact, draft.Body, StringComparison.Ordinal);
                    Assert.DoesNotMatch($"(?m)^{System.Text.RegularExpressions.Regex.Escape(fact)}$", draft.Body);
                }
            }
        }
    }

    [Fact]
    public async Task Openings_vary_across_variants_and_across_briefs()
    {
        var openingsPerBrief = new List<HashSet<string>>();
        foreach (var request in Briefs.Take(3))
        {
            var drafts = await GenerateAsync(request.ToBrief());
            var openings = drafts.Select(d => d.Body.Split('\n')[0]).ToList();
            Assert.Equal(drafts.Count, openings.Distinct().Count());
            Assert.Equal(drafts.Count, drafts.Select(d => d.Title).Distinct().Count());
            openingsPerBrief.Add([.. openings]);
        }

        // Three different briefs for the same product do not start the same way.
        Assert.NotEqual(openingsPerBrief[0], openingsPerBrief[1]);
        Assert.NotEqual(openingsPerBrief[1], openingsPerBrief[2]);
        Assert.True(openingsPerBrief.SelectMany(o => o).Distinct().Count() >= 10);
    }

    [Fact]
    public void The_shapes_follow_the_exemplars_that_perform()
    {
        var questions = OfflineDraftGenerator.ShapesFor([new Exemplar("防晒到底要不要补涂？", "说说我的看法", ["防晒"], 0.2)]);
        var lists = OfflineDraftGenerator.ShapesFor([new Exemplar("3个防晒小技巧", "第一", ["防晒"], 0.2), new Exemplar("防晒要补涂吗？", "嗯", ["防晒"], 0.01)]);

        Assert.Equal(OfflineDraftGenerator.Shape.Question, questions[0]);
        Assert.Equal(OfflineDraftGenerator.Shape.Impressions, lists[0]);
        Assert.Equal(5, lists.Distinct().Count());
    }

    /// <summary>Prints five drafts next to the top notes the studio grounds them on, for a person to judge (see shared/README.md).</summary>
    [Fact]
    public async Task Five_drafts_side_by_side_with_the_top_notes_of_the_topic()
    {
        var drafts = await GenerateAsync(Briefs[0].ToBrief());
        foreach (var exemplar in Exemplars)
        {
            output.WriteLine($"[top note {exemplar.EngagementRate:P0}] {exemplar.Title}\n{exemplar.Body}\n");
        }

        foreach (var draft in drafts)
        {
            output.WriteLine($"[offline draft] {draft.Title}\n{draft.Body}\n");
        }

        Assert.Equal(5, drafts.Select(d => d.Body).Distinct().Count());
    }

    private static readonly string[] Facts = ["清爽不油腻", "通勤也能轻松补涂"];

    // Top notes of #防晒 in the shape the exemplar source returns them (titles and bodies of real-looking notes).
    private static readonly Exemplar[] Exemplars =
    [
        new("通勤党防晒｜3个补涂小技巧", "每天地铁一小时，防晒是真的要补。我的方法：出门前涂够量，中午用气垫压一层，包里放小支的。#防晒 #通勤", ["防晒", "通勤"], 0.14),
        new("油皮的防晒到底怎么选？", "用过十几支之后的心得：油皮别怕防晒，质地选对了就不闷。#防晒 #油皮", ["防晒", "油皮"], 0.11),
        new("以前总晒黑，这个夏天终于没有", "以前觉得阴天不用涂→结果晒出分界线。今年每天都涂，效果肉眼可见。#防晒", ["防晒"], 0.09),
    ];

    private static async Task<IReadOnlyList<GeneratedDraft>> GenerateAsync(Platform.Core.Studio.DraftBrief brief)
    {
        var grounding = new DraftGrounding(
            [new ProductFacts("sunscreen-50", brief.IsChinese ? "轻透防晒乳" : "Airy sunscreen", "防晒", 129m, "CNY", Facts, ["防晒"])],
            StudioFixtures.Grounding().Insights,
            Exemplars);
        var prompt = new DraftPromptBuilder(Options.Create(new NoteLimitsOptions())).Build(brief, grounding);
        return (await new OfflineDraftGenerator().GenerateAsync(prompt, CancellationToken.None)).Drafts;
    }
}
