using Platform.Core.Search;

namespace Platform.Benchmarks;

/// <summary>
/// A deterministic corpus of Xiaohongshu-style notes: Chinese titles and bodies built from a phrase bank, #topics, some English
/// words (iPhone, OOTD, vlog), creation times over a year and skewed engagement.
/// </summary>
internal static class Corpus
{
    private static readonly string[] Seasons = ["夏天", "秋冬", "春季", "冬日", "周末", "早秋", "初夏", "年末"];
    private static readonly string[] Places = ["上海", "北京", "成都", "杭州", "广州", "深圳", "重庆", "西安", "厦门", "大理"];
    private static readonly string[] Products =
    [
        "防晒霜", "面霜", "口红", "香水", "粉底液", "精华", "卸妆油", "洗面奶", "眼霜", "身体乳", "咖啡", "奶茶", "火锅", "蛋糕",
        "连衣裙", "大衣", "卫衣", "牛仔裤", "运动鞋", "双肩包", "帐篷", "相机", "耳机", "键盘", "台灯", "收纳盒",
    ];
    private static readonly string[] Kinds = ["推荐", "测评", "分享", "攻略", "合集", "避雷", "清单", "教程", "好物", "日记"];
    private static readonly string[] English = ["iPhone", "OOTD", "vlog", "Dior", "Nike", "CityWalk", "brunch", "Switch", "MAC", "ins风"];
    private static readonly string[] Topics =
    [
        "防晒", "夏日护肤", "穿搭", "OOTD", "探店", "美食", "旅行", "咖啡", "健身", "减脂餐", "护肤", "彩妆", "口红", "香水",
        "家居", "读书", "露营", "摄影", "宠物", "好物分享",
    ];
    private static readonly string[] Phrases =
    [
        "清爽不油腻", "性价比很高", "用了一个月", "真的很好用", "回购无数次", "适合学生党", "敏感肌可用", "颜值很高", "味道很特别",
        "排队一个小时", "环境很安静", "拍照很出片", "老板人很好", "价格有点贵", "闭眼入不踩雷", "质地很轻薄", "持久度一般",
        "包装很精致", "物流很快", "做工很细致", "尺码偏大", "面料很舒服", "适合通勤", "周末去刚刚好", "朋友推荐的", "第二次来了",
        "强烈推荐给大家", "记得提前预约", "停车不太方便", "地铁直达", "适合拍照打卡", "分量很足", "甜度可以选", "续航很久",
    ];

    public static List<NoteSearchDocument> Generate(int count, DateTimeOffset now, int seed = 20260701)
    {
        var random = new Random(seed);
        var notes = new List<NoteSearchDocument>(count);
        for (var i = 0; i < count; i++)
        {
            var product = Pick(random, Products);
            var title = random.Next(4) switch
            {
                0 => $"{Pick(random, Seasons)}{product}{Pick(random, Kinds)}",
                1 => $"{Pick(random, Places)}{product}{Pick(random, Kinds)}",
                2 => $"{Pick(random, English)} {product}{Pick(random, Kinds)}",
                _ => $"{product}{Pick(random, Kinds)}｜{Pick(random, Phrases)}",
            };
            var topics = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(random, Topics)).Distinct().ToList();
            var body = string.Join("，", Enumerable.Range(0, random.Next(3, 7)).Select(_ => Pick(random, Phrases)))
                + $"。{Pick(random, Places)}{Pick(random, Products)}也不错 " + string.Join(' ', topics.Select(t => "#" + t));
            // Engagement is heavy-tailed: most notes get little, a few get a lot.
            var likes = (long)Math.Floor(Math.Pow(random.NextDouble(), 4) * 20_000);
            notes.Add(new NoteSearchDocument
            {
                Id = $"n{i:D7}",
                AuthorId = $"u{random.Next(5000):D5}",
                Title = title,
                Body = body,
                Topics = topics,
                Sponsored = random.Next(20) == 0,
                CreatedAt = now.AddMinutes(-random.Next(365 * 24 * 60)),
                Engagement = new EngagementCounts(likes, likes / 3, likes / 20, likes / 50),
            });
        }

        return notes;
    }

    /// <summary>What readers type: one or two words, some with a #topic, some with English.</summary>
    public static List<(string[] Terms, string[] Topics)> Queries(int count, int seed = 7)
    {
        var random = new Random(seed);
        var queries = new List<(string[], string[])>(count);
        for (var i = 0; i < count; i++)
        {
            var product = Pick(random, Products);
            queries.Add(random.Next(6) switch
            {
                0 => ([product], []),
                1 => ([product, Pick(random, Kinds)], []),
                2 => ([Pick(random, Seasons) + product], []),
                3 => ([Pick(random, Places), product], []),
                4 => ([Pick(random, English).ToLowerInvariant(), product], []),
                _ => ([Pick(random, Kinds)], [SearchText.TopicKey(Pick(random, Topics))]),
            });
        }

        return queries;
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
