using Platform.Core.Integrity;

namespace Platform.Tests.Integrity;

/// <summary>The evasion rules one by one: what each catches, the words and span it reports, and the near misses it lets pass.</summary>
public sealed class EvasionRulesTests
{
    private static readonly ContentContext Commercial = new(Commercial: true);
    private readonly IntegrityEngine _engine = new(new IntegrityOptions(), []);

    [Theory]
    [InlineData("想要的➕薇 了解详情", IntegrityRules.Lure, "➕薇")]
    [InlineData("jia wo weixin 拿链接", IntegrityRules.Lure, "jia wo weixin")]
    [InlineData("有兴趣的加微哦", IntegrityRules.Lure, "加微")]
    [InlineData("加V❤️信 领取", IntegrityRules.Lure, "加V❤️信")]
    [InlineData("代购请联系 wei xin：lily_shop88", IntegrityRules.WeChat, "wei xin：lily_shop88")]
    [InlineData("Ⓥⓧ: meili520", IntegrityRules.WeChat, "Ⓥⓧ: meili520")]
    [InlineData("🐧 123456789", IntegrityRules.QqNumber, "🐧 123456789")]
    [InlineData("电话 幺三八 幺二三四 五六七八 找我", IntegrityRules.Phone, "幺三八 幺二三四 五六七八")]
    [InlineData("壹叁捌壹贰叁肆伍陆柒捌", IntegrityRules.Phone, "壹叁捌壹贰叁肆伍陆柒捌")]
    [InlineData("幺三拐——洞洞洞洞——勾勾勾勾", IntegrityRules.Phone, "幺三拐——洞洞洞洞——勾勾勾勾")]
    [InlineData("这款精华能祛斑", IntegrityRules.SpecialUseClaim, "祛斑")]
    [InlineData("美bai 面膜", IntegrityRules.SpecialUseClaim, "美bai")]
    [InlineData("fang tuo 洗发水", IntegrityRules.SpecialUseClaim, "fang tuo")]
    public void Evasions_are_found_and_named_by_their_words_in_the_original_text(string text, string rule, string matched)
    {
        var finding = Assert.Single(_engine.Evaluate("body", text, Commercial).Findings, f => f.RuleId == rule);
        Assert.Equal(matched, finding.Matched);
        Assert.Equal(matched, text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("参加了微信读书的打卡活动")]
    [InlineData("面条里加微辣刚刚好")]
    [InlineData("增加微量元素的摄入")]
    [InlineData("完美白T恤穿搭")]
    [InlineData("这款粉底防脱妆")]
    [InlineData("Ctrl+V 粘贴就好")]
    [InlineData("加vip会员送积分")]
    [InlineData("weixin zhifu hen fangbian")]
    [InlineData("Paid with WeChat Pay, no problem")]
    [InlineData("学生发现了新大陆")]
    [InlineData("一三五上班 二四六休息")]
    [InlineData("订单号：3012345678901234567")]
    public void Near_misses_pass(string text)
    {
        Assert.Empty(_engine.Evaluate("body", text, Commercial).Findings);
    }

    [Fact]
    public void Special_use_claims_are_held_where_something_is_sold_and_flagged_elsewhere()
    {
        const string text = "美白淡斑精华";
        Assert.Equal(IntegrityOutcome.Hold, _engine.Evaluate("body", text, new ContentContext(Sponsored: true, Commercial: true)).Outcome);
        Assert.Equal(IntegrityOutcome.Hold, _engine.Evaluate("body", text, Commercial).Outcome);
        var personal = _engine.Evaluate("body", text, ContentContext.Personal);
        Assert.Equal(IntegrityOutcome.ApproveWithFlags, personal.Outcome);
        Assert.Equal(["美白", "淡斑"], personal.Findings.Select(f => f.Matched));
    }
}
