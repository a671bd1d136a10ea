using Platform.Core.Integrity;

namespace Platform.Tests.Integrity;

public sealed class IntegrityEngineTests
{
    private static readonly ContentContext Sponsored = new(Sponsored: true, Commercial: true);
    private readonly IntegrityEngine _engine = new(new IntegrityOptions { BannedTerms = ["代购"] }, [("假货", IntegrityOutcome.Reject)]);

    [Fact]
    public void Clean_text_is_approved_with_no_findings()
    {
        var result = _engine.Evaluate("body", "夏天防晒霜推荐，清爽不油腻，最近每天都在用。第一次用就爱上了", Sponsored);
        Assert.Equal(IntegrityOutcome.Approve, result.Outcome);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Absolute_terms_reject_sponsored_notes_and_name_the_span_in_the_original_text()
    {
        const string text = "这是全网最好的面霜";
        var result = _engine.Evaluate("body", text, Sponsored);

        Assert.Equal(IntegrityOutcome.Reject, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(IntegrityRules.AbsoluteTerm, finding.RuleId);
        Assert.Equal("body", finding.Field);
        Assert.Equal("最好", finding.Matched);
        Assert.Equal(text.IndexOf("最好", StringComparison.Ordinal), finding.Start);
        Assert.Equal(2, finding.Length);
    }

    [Fact]
    public void Absolute_terms_are_not_an_issue_in_personal_notes()
    {
        Assert.Equal(IntegrityOutcome.Approve, _engine.Evaluate("body", "这是我用过最好的面霜", ContentContext.Personal).Outcome);
    }

    [Theory]
    [InlineData("最·佳口碑", "最·佳")]
    [InlineData("蕞好用的精华", "蕞好")]
    [InlineData("国 家 级认证", "国 家 级")]
    [InlineData("ＮＯ．１的选择", "ＮＯ．１")]
    [InlineData("销量第\u200B一", "第\u200B一")]
    public void Separators_homophones_and_full_width_characters_do_not_evade_the_rules(string text, string expected)
    {
        var result = _engine.Evaluate("title", text, Sponsored);
        var finding = Assert.Single(result.Findings, f => f.RuleId == IntegrityRules.AbsoluteTerm);
        Assert.Equal(expected, finding.Matched);
        Assert.Equal(expected, text.Substring(finding.Start, finding.Length));
    }

    [Fact]
    public void Medical_claims_depend_on_whether_something_is_sold()
    {
        const string text = "这款面霜可以消炎抗敏";
        Assert.Equal(IntegrityOutcome.Reject, _engine.Evaluate("body", text, Sponsored).Outcome);
        Assert.Equal(IntegrityOutcome.Hold, _engine.Evaluate("body", text, new ContentContext(Commercial: true)).Outcome);
        var personal = _engine.Evaluate("body", text, ContentContext.Personal);
        Assert.Equal(IntegrityOutcome.ApproveWithFlags, personal.Outcome);
        Assert.Equal(["消炎", "抗敏"], personal.Findings.Select(f => f.Matched));
    }

    [Theory]
    [InlineData("有问题打我电话 138-1234-5678 哦", IntegrityRules.Phone, "138-1234-5678")]
    [InlineData("电话：＋８６ １３９１２３４５６７８", IntegrityRules.Phone, "＋８６ １３９１２３４５６７８")]
    [InlineData("手机①③⑧①②③④⑤⑥⑦⑧", IntegrityRules.Phone, "①③⑧①②③④⑤⑥⑦⑧")]
    [InlineData("我的微信号：abc_12345 欢迎", IntegrityRules.WeChat, "微信号：abc_12345")]
    [InlineData("V·X: shop2024x 来问", IntegrityRules.WeChat, "V·X: shop2024x")]
    [InlineData("薇信 meimei888", IntegrityRules.WeChat, "薇信 meimei888")]
    [InlineData("企鹅号 12345678", IntegrityRules.QqNumber, "企鹅号 12345678")]
    [InlineData("发邮件到 Shop.Owner@QQ.com 吧", IntegrityRules.Email, "Shop.Owner@QQ.com")]
    [InlineData("链接在这 https://m.tb.cn/h.abc?x=1 快去", IntegrityRules.Link, "https://m.tb.cn/h.abc?x=1")]
    [InlineData("去shop.example.com看看", IntegrityRules.Link, "shop.example.com")]
    public void Off_platform_contact_details_are_rejected_wherever_they_appear(string text, string rule, string expected)
    {
        var result = _engine.Evaluate("body", text, ContentContext.Personal);
        Assert.Equal(IntegrityOutcome.Reject, result.Outcome);
        var finding = Assert.Single(result.Findings, f => f.RuleId == rule);
        Assert.Equal(expected, finding.Matched);
        Assert.Equal(expected, text.Substring(finding.Start, finding.Length));
    }

    [Fact]
    public void Qr_code_mentions_and_lures_are_held_for_review()
    {
        var result = _engine.Evaluate("body", "想要的扫 码加群，或者加v", ContentContext.Personal);
        Assert.Equal(IntegrityOutcome.Hold, result.Outcome);
        Assert.Contains(result.Findings, f => f.RuleId == IntegrityRules.QrCode && f.Matched == "扫 码");
        Assert.Contains(result.Findings, f => f.RuleId == IntegrityRules.Lure && f.Matched == "加群");
    }

    [Fact]
    public void Everyday_words_and_numbers_are_not_contact_details()
    {
        var result = _engine.Evaluate("body", "价格 199 元，订单号 20240612，用了 3.5 个月，node.js 很好用, 微信支付方便", ContentContext.Personal);
        Assert.Equal(IntegrityOutcome.Approve, result.Outcome);
    }

    [Fact]
    public void The_configured_lexicon_applies_with_its_outcomes()
    {
        var held = _engine.Evaluate("body", "可以代·购", ContentContext.Personal);
        Assert.Equal(IntegrityOutcome.Hold, held.Outcome);
        Assert.Equal(IntegrityRules.Banned, Assert.Single(held.Findings).RuleId);
        Assert.Equal(IntegrityOutcome.Reject, _engine.Evaluate("body", "这是假货", ContentContext.Personal).Outcome);
    }

    [Fact]
    public void The_banned_terms_file_format_reads_outcomes_and_skips_comments()
    {
        var terms = IntegrityEngine.ParseBannedTerms(["# comment", "", "刷单\treject", "互粉", "  返现\tflag "], IntegrityOutcome.Hold);
        Assert.Equal([("刷单", IntegrityOutcome.Reject), ("互粉", IntegrityOutcome.Hold), ("返现", IntegrityOutcome.ApproveWithFlags)], terms);
        Assert.Throws<FormatException>(() => IntegrityEngine.ParseBannedTerms(["x\tmaybe"], IntegrityOutcome.Hold));
    }

    [Fact]
    public void Findings_name_their_field()
    {
        var result = _engine.Evaluate([new ContentField("title", "第一名"), new ContentField("body", "加微信")], Sponsored);
        Assert.Equal(["title", "body"], result.Findings.Select(f => f.Field));
        Assert.Equal(IntegrityOutcome.Reject, result.Outcome);
    }

    [Fact]
    public void Aho_corasick_finds_every_occurrence_including_overlaps()
    {
        var matcher = new AhoCorasick(["he", "she", "his", "hers"]);
        var found = new List<(int, int, int)>();
        matcher.Match("ushers", (p, s, l) => found.Add((p, s, l)));
        Assert.Equal([(1, 1, 3), (0, 2, 2), (3, 2, 4)], found);
    }
}
