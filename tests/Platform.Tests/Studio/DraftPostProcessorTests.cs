using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Notes;
using Platform.Core.Studio;

namespace Platform.Tests.Studio;

public sealed class DraftPostProcessorTests
{
    private readonly DraftPostProcessor _processor = new(Options.Create(new NoteLimitsOptions()), new BaselineIntegrityRules());

    [Fact]
    public async Task A_clean_draft_is_compliant_and_always_labelled_sponsored_and_ai_assisted()
    {
        var result = await Process(new GeneratedDraft("3个通勤防晒小技巧", "清爽不油腻，适合通勤。", ["防晒", "#通勤"], "竖图", "数字标题"));

        Assert.Equal(DraftCompliance.Compliant, result.Compliance);
        Assert.Empty(result.Findings);
        Assert.Equal(["防晒", "通勤"], result.Topics);
        Assert.True(result.Labels.Sponsored);
        Assert.True(result.Labels.AiAssisted);
        Assert.Equal("acme", result.Labels.PartnerBrandId);
        Assert.Contains("AI", result.Labels.Disclosure);
    }

    [Fact]
    public async Task Absolute_terms_medical_claims_and_contact_details_are_repaired_with_the_rule_that_fired()
    {
        var result = await Process(new GeneratedDraft(
            "全网最·佳防晒", "蕞好用的防晒，还能消炎抗敏。加微信 sunny_2024 或打 138-1234-5678 了解。", ["防晒"], "竖图", "why"));

        Assert.Equal(DraftCompliance.Repaired, result.Compliance);
        Assert.Equal("全网出色防晒", result.Title);
        Assert.DoesNotContain("最", result.Body);
        Assert.DoesNotContain("蕞", result.Body);
        Assert.DoesNotContain("消炎", result.Body);
        Assert.DoesNotContain("sunny_2024", result.Body);
        Assert.DoesNotContain("5678", result.Body);
        Assert.Contains(result.Findings, f => f is { Field: "title", Rule: BaselineIntegrityRules.AbsoluteTerm, Matched: "最·佳", Action: FindingAction.Repaired });
        Assert.Contains(result.Findings, f => f is { Field: "body", Rule: BaselineIntegrityRules.AbsoluteTerm, Matched: "蕞好" });
        Assert.Contains(result.Findings, f => f is { Rule: BaselineIntegrityRules.MedicalClaim, Matched: "消炎" });
        Assert.Contains(result.Findings, f => f is { Rule: BaselineIntegrityRules.ContactDetail } && f.Matched.Contains("sunny_2024"));
        Assert.Contains(result.Findings, f => f is { Rule: BaselineIntegrityRules.ContactDetail, Matched: "138-1234-5678" });

        // What was repaired passes the rules again.
        Assert.Empty(await new BaselineIntegrityRules().CheckAsync(result.Title + result.Body, "zh", CancellationToken.None));
    }

    [Fact]
    public async Task A_rule_without_a_safe_repair_flags_the_draft()
    {
        var processor = new DraftPostProcessor(Options.Create(new NoteLimitsOptions()), new UnrepairableRule("保证有效"));

        var result = await processor.ProcessAsync(new GeneratedDraft("标题", "用了保证有效", [], "c", "w"), "acme", "zh", CancellationToken.None);

        Assert.Equal(DraftCompliance.Flagged, result.Compliance);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("body", "test.unrepairable", FindingAction.Flagged), (finding.Field, finding.Rule, finding.Action));
        Assert.Contains("保证有效", result.Body);
    }

    [Fact]
    public async Task Platform_limits_are_enforced_counting_hashtags_in_the_body()
    {
        var title = new string('标', 130);
        var body = string.Concat(Enumerable.Repeat("好用", 600)) + " #话题a #话题b #话题c";
        var topics = Enumerable.Range(1, 12).Select(i => $"topic{i}").ToList();

        var result = await Process(new GeneratedDraft(title, body, topics, "c", "w"));

        Assert.Equal(100, Text.VisibleLength(result.Title));
        Assert.True(Text.VisibleLength(result.Body) <= 1000);
        Assert.Equal(10, result.Topics.Count);
        Assert.True(Topics.Merge(result.Topics, result.Body).Count <= 10);
        Assert.Contains(result.Adjustments, a => a.Contains("title", StringComparison.Ordinal));
        Assert.Contains(result.Adjustments, a => a.Contains("body", StringComparison.Ordinal));
        Assert.Contains(result.Adjustments, a => a.Contains("topics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_many_hashtags_in_the_body_lose_their_hash_beyond_the_limit()
    {
        var body = string.Join(' ', Enumerable.Range(1, 12).Select(i => $"#t{i}"));

        var result = await Process(new GeneratedDraft("title", body, [], "c", "w"));

        Assert.Equal(10, Topics.Merge(result.Topics, result.Body).Count);
        Assert.Contains("t12", result.Body);
        Assert.DoesNotContain("#t12", result.Body);
    }

    [Fact]
    public async Task English_drafts_are_checked_too()
    {
        var result = await ProcessEn(new GeneratedDraft("The best sunscreen", "It heals skin. Visit www.example.com or mail hi@example.com", [], "c", "w"));

        Assert.Equal(DraftCompliance.Repaired, result.Compliance);
        Assert.DoesNotContain("best", result.Title, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("heals", result.Body);
        Assert.DoesNotContain("example.com", result.Body);
        Assert.Contains("Sponsored", result.Labels.Disclosure);
    }

    [Fact]
    public async Task With_the_platforms_rules_engine_its_wider_lists_are_repaired_too()
    {
        var rules = new CommunityIntegrityRules(new Platform.Core.Integrity.IntegrityEngine(Options.Create(new Platform.Core.Integrity.IntegrityOptions())));
        var processor = new DraftPostProcessor(Options.Create(new NoteLimitsOptions()), rules);

        var result = await processor.ProcessAsync(
            new GeneratedDraft("通勤首选防晒", "最清爽的一支，加微信领小样。The best for commuting. 最近很多人问。", [], "c", "w"), "acme", "zh", CancellationToken.None);

        Assert.Equal(DraftCompliance.Repaired, result.Compliance);
        Assert.Equal("通勤防晒", result.Title);
        Assert.DoesNotContain("加微信", result.Body);
        Assert.DoesNotContain("最清爽", result.Body);
        Assert.DoesNotContain("best", result.Body);
        Assert.Contains("最近", result.Body); // an everyday word, allowed
        Assert.Contains(result.Findings, f => f.Rule == "contact.lure");
        Assert.Empty(await rules.CheckAsync(result.Title + " " + result.Body, "zh", CancellationToken.None));
    }

    [Theory]
    [InlineData(BaselineIntegrityRules.AbsoluteTerm, "最·佳", "出色")]
    [InlineData(BaselineIntegrityRules.AbsoluteTerm, "首选", "")]
    [InlineData(BaselineIntegrityRules.MedicalClaim, "抗敏", "温和")]
    [InlineData("contact.wechat", "微信 abc12345", "")]
    [InlineData("contact.lure", "加微信", "")]
    [InlineData("lexicon.banned", "某个禁词", null)]
    public void Findings_of_another_rule_engine_get_a_repair_where_one_is_safe(string rule, string matched, string? repair) =>
        Assert.Equal(repair, BaselineIntegrityRules.SuggestRepair(rule, matched));

    private Task<CheckedDraft> Process(GeneratedDraft draft) => _processor.ProcessAsync(draft, "acme", "zh", CancellationToken.None);

    private Task<CheckedDraft> ProcessEn(GeneratedDraft draft) => _processor.ProcessAsync(draft, "acme", "en", CancellationToken.None);

    private sealed class UnrepairableRule(string phrase) : IDraftIntegrityRules
    {
        public Task<IReadOnlyList<IntegrityMatch>> CheckAsync(string text, string language, CancellationToken cancellationToken)
        {
            var at = text.IndexOf(phrase, StringComparison.Ordinal);
            return Task.FromResult<IReadOnlyList<IntegrityMatch>>(at < 0 ? [] : [new IntegrityMatch("test.unrepairable", phrase, at, phrase.Length, null)]);
        }
    }
}
