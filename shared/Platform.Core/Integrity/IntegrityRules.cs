namespace Platform.Core.Integrity;

/// <summary>Rule ids (stable: clients and moderators see them) and the built-in word lists.</summary>
public static class IntegrityRules
{
    public const string AbsoluteTerm = "ad.absolute_term";
    public const string MedicalClaim = "cosmetics.medical_claim";
    public const string SpecialUseClaim = "cosmetics.special_use_claim";
    public const string Phone = "contact.phone";
    public const string WeChat = "contact.wechat";
    public const string QqNumber = "contact.qq";
    public const string Email = "contact.email";
    public const string Link = "contact.link";
    public const string QrCode = "contact.qr_code";
    public const string Lure = "contact.lure";
    public const string Banned = "lexicon.banned";
    public const string ImageCode = "image.code";
    public const string RejectedImage = "image.rejected_before";

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
        "治疗", "治愈", "根治", "疗效", "消炎", "抗炎", "抗敏", "脱敏", "祛疤", "去疤", "瘦身", "减肥",
        "燃脂", "溶脂", "抗菌", "杀菌", "药妆", "医学护肤", "处方", "纯天然", "无副作用", "特效", "速效", "立竿见影", "换肤",
        "修复受损", "激素",
    ];

    /// <summary>
    /// Efficacy claims only registered special-use cosmetics may make (Cosmetics Supervision and Administration Regulation,
    /// 2021): spot removal, whitening, hair-loss prevention and hair growth. Each claim is listed in characters and in
    /// pinyin syllable by syllable ("美bai", "mei白", "mei bai"), the way evaders mix them.
    /// </summary>
    public static IReadOnlyList<string> SpecialUseClaims { get; } =
    [
        .. Combine(["祛", "去", "淡", "消", "除", "褪", "退", "qu", "dan", "xiao", "chu", "tui"], ["斑", "ban"]),
        .. Combine(["美", "mei"], ["白", "bai"]),
        .. Combine(["防", "fang"], ["脱", "tuo"]),
        .. Combine(["防", "fang"], ["掉", "diao"], ["发", "fa"]),
        "增白", "淡化色斑", "淡化斑点", "淡化黄褐斑", "淡化雀斑", "祛除雀斑", "祛除色斑", "祛黄褐斑", "去黄褐斑", "去雀斑", "祛雀斑",
        "防止脱发", "防止掉发", "减少脱发", "减少掉发", "告别脱发", "告别掉发", "止脱",
        .. Combine(["生发", "育发"], ["液", "剂", "精华", "水", "神器", "产品", "效果", "洗发水"]),
        "促进生发", "促进头发生长", "帮助生发",
    ];

    /// <summary>Mentions of QR codes: a picture of one leads off the platform.</summary>
    public static IReadOnlyList<string> QrCodeTerms { get; } = ["二维码", "扫码", "扫一扫", "qr码", "qrcode", "qr code"];

    /// <summary>Invitations to move the conversation elsewhere.</summary>
    public static IReadOnlyList<string> LureTerms { get; } =
    [
        "加微信", "加我微信", "加v", "加vx", "加wx", "加我v", "私聊我", "私信我要", "滴滴我", "看我主页", "主页有联系方式",
        "加群", "拉你进群", "淘宝搜", "某宝", "拼夕夕", "站外",
    ];

    /// <summary>"Add" and the stand-ins evaders type for it: a plus sign (➕, ＋ fold to "+"), pinyin, English.</summary>
    public static IReadOnlyList<string> AddWords { get; } = ["加", "+", "jia", "add"];

    /// <summary>Homophones of 加 that are everyday words before Chinese ("大家", "佳能"), so they count only before Latin ids.</summary>
    public static IReadOnlyList<string> AddHomophones { get; } = ["家", "佳"];

    /// <summary>Words between "add" and the contact ("加我微信", "jia wo vx", "add me on wechat").</summary>
    public static IReadOnlyList<string> AddObjects { get; } = ["", "我", "个", "我的", "wo", "me", "me on"];

    /// <summary>Names of WeChat and QQ in characters, pinyin, letters, homophones (卫星 = weixing) and emoji (🐧 = QQ).</summary>
    public static IReadOnlyList<string> ContactWords { get; } =
    [
        "微信", "vx", "wx", "weixin", "wei xin", "wechat", "v信", "微xin", "wei信", "vxin", "卫星", "绿泡泡", "qq", "扣扣", "企鹅", "🐧", "koukou",
    ];

    /// <summary>One-letter or one-character names (v, 微, 威): a contact only right after "add" and before a pause, not in "加微辣".</summary>
    public static IReadOnlyList<string> WeakContactWords { get; } = ["v", "微", "威"];

    /// <summary>"Add" then a contact word, and a contact word with "same number" (微信同号: the phone number is the id).</summary>
    public static IReadOnlyList<string> ContactLures { get; } =
    [
        .. Combine(AddWords, AddObjects, [.. ContactWords, .. WeakContactWords]),
        .. Combine(AddHomophones, ContactWords.Concat(WeakContactWords).Where(w => char.IsAsciiLetter(w[0])).ToList()),
        .. Combine([.. ContactWords, .. WeakContactWords], ["同号"]),
    ];

    /// <summary>Everyday words that contain a listed term but are not claims (最近 = recently, 第一次 = the first time).</summary>
    public static IReadOnlyList<string> AllowedTerms { get; } =
    [
        "最近", "最后", "最初", "最终", "最早", "最晚", "喝醉", "陶醉", "醉酒", "醉人", "第一次", "第一天", "第一眼", "第一步", "第一口", "第一印象",
        "第一期", "第一篇", "第一名额", "唯一的缺点", "扫码支付", "扫码付款", "扫码点餐", "扫码下单", "扫码乘车", "减肥餐",
        // They overlap the start of a claim or lure without being one: 完美白T恤, 过去斑驳, 参加微信读书, 增加微量.
        "完美", "甜美", "唯美", "优美", "精美", "柔美", "审美", "过去", "参加", "增加", "更加", "追加", "附加", "外加", "去斑马",
        "防脱妆", "防脱色", "防脱落", "防脱水",
    ];

    /// <summary>
    /// Every way to write a phrase from one choice per part, each with and without spaces between the parts ("mei bai" and
    /// "meibai"; between Chinese characters spaces are dropped anyway).
    /// </summary>
    public static IEnumerable<string> Combine(params IReadOnlyList<string>[] parts)
    {
        IEnumerable<string> phrases = [""];
        foreach (var part in parts)
        {
            phrases = phrases.SelectMany(p => part.SelectMany(w => p.Length == 0 || w.Length == 0 ? [p + w] : new[] { p + w, p + " " + w }));
        }

        return phrases.Distinct(StringComparer.Ordinal);
    }

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
