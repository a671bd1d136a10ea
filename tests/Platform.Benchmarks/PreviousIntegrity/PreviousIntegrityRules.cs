// A frozen copy of the rules engine before the evasion work (issue 15), kept only so the benchmark can compare recall and
// throughput with it in the same run. Not used by the platform.
namespace Platform.Benchmarks.PreviousIntegrity;

/// <summary>Rule ids (stable: clients and moderators see them) and the built-in word lists.</summary>
public static class PreviousIntegrityRules
{
    public const string AbsoluteTerm = "ad.absolute_term";
    public const string MedicalClaim = "cosmetics.medical_claim";
    public const string Phone = "contact.phone";
    public const string WeChat = "contact.wechat";
    public const string QqNumber = "contact.qq";
    public const string Email = "contact.email";
    public const string Link = "contact.link";
    public const string QrCode = "contact.qr_code";
    public const string Lure = "contact.lure";
    public const string Banned = "lexicon.banned";

    /// <summary>China Advertising Law art. 9(3): superlatives and "national-level" claims in ads. "最" alone catches
    /// "最X" for any X; <see cref="AllowedTerms"/> keeps everyday words such as 最近 out.</summary>
    public static IReadOnlyList<string> AbsoluteTerms { get; } =
    [
        "最", "最佳", "最好", "最优", "最强", "最大", "最高", "最低", "最高级", "最先进", "最便宜", "最受欢迎", "最畅销",
        "第一", "唯一", "首个", "首选", "首家", "独家", "顶级", "顶尖", "极品", "极致", "国家级", "世界级", "全球级", "宇宙级",
        "万能", "绝无仅有", "独一无二", "史无前例", "百分百", "100%", "遥遥领先", "销量冠军", "王牌", "巅峰", "no.1", "top1",
        "全网第一", "全国第一", "史上最",
    ];

    /// <summary>Medical or efficacy claims cosmetics may not make (NMPA cosmetics labelling rules), and "纯天然".</summary>
    public static IReadOnlyList<string> MedicalClaims { get; } =
    [
        "治疗", "治愈", "根治", "疗效", "消炎", "抗炎", "抗敏", "脱敏", "祛疤", "去疤", "生发", "防脱", "育发", "瘦身", "减肥",
        "燃脂", "溶脂", "抗菌", "杀菌", "药妆", "医学护肤", "处方", "纯天然", "无副作用", "特效", "速效", "立竿见影", "换肤",
        "修复受损", "激素",
    ];

    /// <summary>Mentions of QR codes: a picture of one leads off the platform.</summary>
    public static IReadOnlyList<string> QrCodeTerms { get; } = ["二维码", "扫码", "扫一扫", "qr码", "qrcode", "qr code"];

    /// <summary>Invitations to move the conversation elsewhere.</summary>
    public static IReadOnlyList<string> LureTerms { get; } =
    [
        "加微信", "加我微信", "加v", "加vx", "加wx", "加我v", "私聊我", "私信我要", "滴滴我", "看我主页", "主页有联系方式",
        "加群", "拉你进群", "淘宝搜", "某宝", "拼夕夕", "站外",
    ];

    /// <summary>Everyday words that contain a listed term but are not claims (最近 = recently, 第一次 = the first time).</summary>
    public static IReadOnlyList<string> AllowedTerms { get; } =
    [
        "最近", "最后", "最初", "最终", "最早", "最晚", "喝醉", "陶醉", "醉酒", "醉人", "第一次", "第一天", "第一眼", "第一步", "第一口", "第一印象",
        "第一期", "第一篇", "第一名额", "唯一的缺点", "扫码支付", "减肥餐",
    ];

    /// <summary>Characters evaders swap in for a listed one (蕞好 = 最好, 薇信 = 微信).</summary>
    public static IReadOnlyDictionary<char, char> Homophones { get; } = new Dictionary<char, char>
    {
        ['蕞'] = '最',
        ['嶵'] = '最',
        ['醉'] = '最',
        ['薇'] = '微',
        ['溦'] = '微',
        ['徽'] = '微',
        ['伩'] = '信',
        ['芯'] = '信',
    };
}
