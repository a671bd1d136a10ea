using Platform.Core.Studio;
using Platform.Core.Studio.Analytics;

namespace Platform.Tests.Studio;

public sealed class PromptAndScoringTests
{
    [Fact]
    public void The_prompt_carries_the_grounding_and_no_personal_data()
    {
        var prompt = StudioFixtures.Prompt(3);
        var text = prompt.SystemMessage + prompt.UserMessage;

        Assert.Contains("exactly 3 different drafts", text);
        Assert.Contains("轻透防晒乳", text);
        Assert.Contains("price 129 CNY", text);
        Assert.Contains("title contains a number 1.40x", text);
        Assert.Contains("3个防晒小技巧，通勤党必看", text);
        Assert.Contains(PersonalData.Placeholder, text);
        Assert.DoesNotContain(StudioFixtures.ExemplarPhone, text);
        Assert.DoesNotContain(StudioFixtures.ExemplarEmail, text);
        Assert.DoesNotContain(StudioFixtures.ExemplarWeChat, text);
        Assert.DoesNotContain(StudioFixtures.ExemplarHandle, text);
        Assert.DoesNotContain("note-top-1", text);
    }

    [Theory]
    [InlineData("call 138 1234 5678 now", "call [removed] now")]
    [InlineData("mail a.b@example.cn", "mail [removed]")]
    [InlineData("加V信：abc_123456 谢谢", "加[removed] 谢谢")]
    [InlineData("see https://x.example/p?q=1 here", "see [removed] here")]
    [InlineData("thanks @小美的日常", "thanks [removed]")]
    [InlineData("SPF50+ PA++++ 50ml 129元", "SPF50+ PA++++ 50ml 129元")]
    public void Personal_data_is_scrubbed_and_product_numbers_are_kept(string input, string expected) =>
        Assert.Equal(expected, PersonalData.Scrub(input));

    [Fact]
    public void The_score_explains_which_features_lifted_it()
    {
        var predictor = new EngagementPredictor();
        var insights = StudioFixtures.Grounding().Insights;
        var withNumber = Draft("3个通勤防晒技巧");
        var plain = Draft("通勤防晒技巧分享");

        var numbered = predictor.Score(withNumber, insights);
        var unnumbered = predictor.Score(plain, insights);

        Assert.True(numbered.Score > unnumbered.Score);
        Assert.True(numbered.PredictedEngagementRate > insights.BaselineEngagementRate);
        var contribution = Assert.Single(numbered.Contributions, c => c.Feature == NoteFeatures.TitleNumber);
        Assert.Equal(1.4, contribution.Lift);
        Assert.Equal(45 / (45 + EngagementPredictor.EvidencePrior), contribution.Weight, 6);
        Assert.Contains("title contains a number", numbered.Explanation);
        Assert.Contains(numbered.Advice, a => a.Contains("evening", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_analytics_every_draft_scores_as_the_average()
    {
        var score = new EngagementPredictor().Score(Draft("3个技巧"), StudioInsights.Empty("all"));

        Assert.Equal(50, score.Score);
        Assert.Empty(score.Contributions);
        Assert.Contains("No analytics", score.Explanation);
    }

    [Fact]
    public async Task The_offline_drafter_fills_templates_from_the_insights_and_says_it_is_offline()
    {
        var prompt = StudioFixtures.Prompt(4);

        var result = await new OfflineDraftGenerator().GenerateAsync(prompt, CancellationToken.None);

        Assert.True(result.Offline);
        Assert.Equal(TokenUsage.None, result.Usage);
        Assert.Equal(4, result.Drafts.Count);
        Assert.Equal(4, result.Drafts.Select(d => d.Title).Distinct().Count());
        Assert.All(result.Drafts, d =>
        {
            Assert.Contains("轻透防晒乳", d.Title);
            Assert.Contains("SPF50+ PA++++", d.Body);
            Assert.Contains("防晒", d.Topics);
            Assert.StartsWith("Offline template", d.WhyItWorks, StringComparison.Ordinal);
        });
        // Numbers lift engagement in these insights, so most titles use one.
        Assert.True(result.Drafts.Count(d => NoteFeatures.OfTitle(d.Title).Contains(NoteFeatures.TitleNumber)) >= 3);
    }

    [Theory]
    [InlineData("3个防晒小技巧", new[] { NoteFeatures.TitleShort, NoteFeatures.TitleNumber })]
    [InlineData("这款防晒真的适合油皮吗？", new[] { NoteFeatures.TitleMedium, NoteFeatures.TitleQuestion })]
    [InlineData("一起去海边吧🌊", new[] { NoteFeatures.TitleShort, NoteFeatures.TitleEmoji })]
    [InlineData("通勤党必备的五款防晒，从清爽到滋润全都有，按肤质挑", new[] { NoteFeatures.TitleLong, NoteFeatures.TitleNumber })]
    public void Title_patterns_are_recognised(string title, string[] expected) =>
        Assert.Equal(expected, NoteFeatures.OfTitle(title));

    [Theory]
    [InlineData("""{"drafts":[]}""")]
    [InlineData("""{"items":[]}""")]
    [InlineData("""not json""")]
    [InlineData("""{"drafts":[{"title":"","body":"b","topics":[],"coverImageIdea":"c","whyItWorks":"w"}]}""")]
    [InlineData("""{"drafts":[{"title":"t","body":"b","topics":[1],"coverImageIdea":"c","whyItWorks":"w"}]}""")]
    public void Answers_that_do_not_follow_the_schema_are_refused(string json) =>
        Assert.Throws<FormatException>(() => DraftSchema.Parse(json));

    private static CheckedDraft Draft(string title) => new(
        title, "body", ["防晒"], "c", "w", DraftCompliance.Compliant, [], [], new DraftLabels(true, "acme", true, "x"));
}
