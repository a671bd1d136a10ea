namespace Platform.Core.Search;

/// <summary>
/// Folds text to one form before it is matched, so that the way a reader types does not decide what they find: full-width
/// Latin letters, digits and punctuation (ＩＰｈｏｎｅ, １５) become half-width, and Traditional characters become Simplified
/// (護膚 → 护肤). Case is left to the analysers, which lower-case every token. The embedded engine applies this to indexed
/// text and queries alike (a char filter in its analyser); the Azure adapter applies it to queries.
/// </summary>
/// <remarks>
/// ICU's Hant-Hans transliterator would cover every character, but its package (ICU4N.Transliterator) is not among the
/// packages served here, so this is a table of the common one-to-one pairs (characters in everyday notes: beauty, food,
/// travel, pets, shopping). Pairs whose Simplified form depends on the word (乾隆 vs 乾燥) follow the everyday meaning.
/// </remarks>
public static class TextNormalization
{
    // Traditional, Simplified, Traditional, Simplified, ...
    private const string TraditionalSimplified =
        "國国們们這这個个來来時时會会說说對对還还過过後后發发現现開开關关學学樣样點点種种經经實实機机長长問问間间見见買买賣卖貴贵東东車车門门電电話话語语書书愛爱氣气體体頭头無无與与為为麼么嗎吗覺觉讓让給给員员" +
        "傳传價价優优質质產产業业務务場场區区廣广歡欢護护膚肤曬晒麵面飯饭湯汤雞鸡魚鱼蝦虾餅饼館馆飲饮雜杂紅红綠绿藍蓝黃黄顏颜髮发臉脸膠胶絲丝網网線线鐵铁飛飞遊游樂乐觀观覽览戲戏劇剧寵宠貓猫鳥鸟馬马貝贝寶宝媽妈" +
        "爺爷兒儿親亲婦妇嬰婴裝装褲裤襪袜衛卫鏡镜錶表鐘钟錢钱銀银號号碼码筆笔紙纸課课試试題题練练習习讀读寫写聽听歲岁輕轻減减運运動动熱热涼凉溫温濕湿乾干淨净潔洁顆颗養养滿满興兴應应設设計计隻只雙双條条張张邊边" +
        "裡里裏里從从單单簡简團团圖图園园廳厅廚厨燈灯櫃柜牀床識识記记憶忆讚赞蘋苹葉叶蘭兰藥药醫医療疗壓压蔥葱薑姜蘿萝蔔卜滷卤燒烧鍋锅盤盘壺壶鹹咸鮮鲜醬酱麥麦粵粤廈厦滬沪臺台灣湾舊旧陽阳陰阴島岛華华際际參参選选" +
        "擇择評评論论測测驗验準准確确證证認认誌志報报紀纪錄录視视頻频圍围環环戰战爭争歷历傷伤難难聲声響响調调幹干盡尽總总結结構构織织變变顯显級级歸归屬属擊击據据處处導导專专隊队舉举奮奋戀恋餘余懶懒寢寝適适貨货" +
        "費费購购賺赚財财資资貸贷帳账劃划議议聯联繫系絡络紹绍約约鬆松緊紧帶带飾饰鑽钻鏈链墜坠妝妆噴喷霧雾濃浓韓韩歐欧義义麗丽術术藝艺畫画攝摄範范彈弹燙烫蓋盖蠟蜡鹽盐醃腌餃饺饅馒頓顿鴨鸭鵝鹅豬猪腸肠嘗尝飽饱餓饿" +
        "樓楼層层軌轨橋桥濱滨嶺岭巖岩遠远週周節节慶庆禮礼壽寿紗纱貼贴龜龟鴿鸽頁页顧顾順顺預预領领願愿類类風风飄飘驚惊騎骑驢驴鬧闹魯鲁鳳凤鳴鸣黨党齊齐齒齿齡龄龍龙綿绵組组終终統统絕绝續续緣缘縣县繼继編编纖纤紋纹" +
        "納纳純纯細细綜综緻致維维縮缩績绩繞绕繪绘譜谱譯译談谈請请謝谢誰谁諮咨詢询詳详該该誤误詩诗訂订討讨許许訪访詞词譽誉規规賽赛贈赠趕赶跡迹蹤踪軟软較较載载輛辆輪轮輸输辦办農农鄉乡鄰邻醜丑釋释針针釣钓鈕钮銷销" +
        "鋒锋錯错鍵键鎖锁閃闪閉闭閒闲閱阅闆板隨随險险雖虽雲云靈灵靜静韻韵頂顶項项須须頌颂頰颊額额饞馋駕驾鬍胡鯨鲸鴻鸿黴霉邁迈狀状況况獎奖勵励將将壯壮聖圣舖铺鋪铺麪面瓏珑瑪玛琺珐" +
        "兩两營营驅驱蟲虫賞赏楓枫嵐岚爾尔礦矿塵尘糧粮換换搖摇沖冲備备薦荐";

    /// <summary>Every single-character replacement, for analysers that take a mapping table (Lucene's MappingCharFilter).</summary>
    public static IReadOnlyDictionary<char, char> Mappings { get; } = BuildMappings();

    /// <summary><paramref name="text"/> with every mapped character replaced.</summary>
    public static string Normalize(string text)
    {
        var mappings = Mappings;
        return string.Create(text.Length, text, (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = mappings.TryGetValue(source[i], out var replacement) ? replacement : source[i];
            }
        });
    }

    private static Dictionary<char, char> BuildMappings()
    {
        var mappings = new Dictionary<char, char> { ['\u3000'] = ' ' };
        for (var c = '\uFF01'; c <= '\uFF5E'; c++)
        {
            mappings[c] = (char)(c - 0xFEE0);
        }

        for (var i = 0; i < TraditionalSimplified.Length; i += 2)
        {
            mappings[TraditionalSimplified[i]] = TraditionalSimplified[i + 1];
        }

        return mappings;
    }
}
