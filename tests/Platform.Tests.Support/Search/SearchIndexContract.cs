using Platform.Core.Community;
using Platform.Core.Search;
using Platform.Core.Storage;
using Platform.Embedded.Storage;

namespace Platform.Tests.Search;

/// <summary>
/// What every <see cref="ISearchIndex"/> adapter must do. Each test gets a fresh, empty index. Text matching here uses whole
/// words as they appear in the notes, so the suite does not depend on one engine's analyser; Chinese word segmentation and the
/// ranking blend are engine-specific and covered per adapter.
/// </summary>
public abstract class SearchIndexContract
{
    /// <summary>A fresh, empty index (xUnit builds the test class anew for every test).</summary>
    protected abstract ISearchIndex Index { get; }

    protected static DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    protected static NoteSearchDocument Note(
        string id, string title, string body = "", string[]? topics = null, DateTimeOffset? createdAt = null, EngagementCounts? engagement = null) => new()
    {
        Id = id,
        AuthorId = "author-" + id,
        Title = title,
        Body = body,
        Topics = topics ?? [],
        CreatedAt = createdAt ?? Now.AddHours(-1),
        Engagement = engagement,
    };

    protected Task<SearchResult> SearchAsync(string text = "", SearchSort sort = SearchSort.Relevance, string[]? topics = null, int skip = 0, int size = 20) =>
        Index.SearchAsync(new NoteSearchQuery
        {
            Terms = text.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Topics = topics ?? [],
            Sort = sort,
            Skip = skip,
            Size = size,
        }, default);

    private static List<string> Ids(SearchResult result) => result.Hits.Select(h => h.Id).ToList();

    [Fact]
    public async Task An_upserted_note_is_found_by_a_word_of_its_title_with_its_fields()
    {
        var created = Now.AddDays(-2);
        await Index.UpsertAsync([Note("n1", "夏天 防晒霜 推荐", "清爽 不油腻", ["防晒", "夏日护肤"], created) with { Sponsored = true }], default);

        var result = await SearchAsync("防晒霜");

        var hit = Assert.Single(result.Hits);
        Assert.Equal(1, result.Total);
        Assert.Equal(("n1", "author-n1", "夏天 防晒霜 推荐", true), (hit.Id, hit.AuthorId, hit.Title, hit.Sponsored));
        Assert.Equal(["防晒", "夏日护肤"], hit.Topics);
        Assert.Equal(created.ToUnixTimeMilliseconds(), hit.CreatedAt.ToUnixTimeMilliseconds());
        Assert.Equal(EngagementCounts.Zero, hit.Engagement);
    }

    [Fact]
    public async Task A_word_in_the_body_or_a_topic_finds_the_note_too()
    {
        await Index.UpsertAsync([Note("n1", "周末 好去处", "上海 咖啡馆", ["探店"]), Note("n2", "其他", "无关")], default);

        Assert.Equal(["n1"], Ids(await SearchAsync("咖啡馆")));
        Assert.Equal(["n1"], Ids(await SearchAsync("探店")));
    }

    [Fact]
    public async Task Notes_with_every_term_come_first_and_only_they_when_there_are_enough()
    {
        await Index.UpsertAsync(
        [
            Note("a1", "防晒霜 推荐 一"), Note("a2", "防晒霜 推荐 二"), Note("a3", "防晒霜 推荐 三"), Note("p", "防晒霜 避雷"),
        ], default);

        var result = await SearchAsync("防晒霜 推荐");

        Assert.Equal(["a1", "a2", "a3"], Ids(result).Order());
        Assert.All(result.Hits, h => Assert.Equal(SearchMatch.Exact, h.Match));
        Assert.Equal(4, (await SearchAsync()).Total);
    }

    [Fact]
    public async Task A_word_the_note_lacks_still_finds_it_as_a_partial_match()
    {
        await Index.UpsertAsync([Note("n1", "某品牌 防晒霜", "清爽 好用"), Note("n2", "周末 咖啡馆")], default);

        var result = await SearchAsync("防晒霜 推荐");

        var hit = Assert.Single(result.Hits);
        Assert.Equal(("n1", SearchMatch.Partial, 1L), (hit.Id, hit.Match, result.Total));
    }

    [Fact]
    public async Task Partial_matches_rank_below_every_exact_match_across_pages()
    {
        await Index.UpsertAsync(
        [
            // The partial matches are newer and have the words in their titles: they still come after the exact one.
            Note("exact", "日常", "防晒霜 推荐", createdAt: Now.AddDays(-20)),
            Note("p1", "防晒霜 防晒霜 测评", engagement: new EngagementCounts(Likes: 500)),
            Note("p2", "推荐 推荐 好物", engagement: new EngagementCounts(Likes: 300)),
            Note("none", "咖啡"),
        ], default);

        var first = await SearchAsync("防晒霜 推荐", size: 2);
        var second = await SearchAsync("防晒霜 推荐", skip: 2, size: 2);

        Assert.Equal(3, first.Total);
        Assert.Equal(3, second.Total);
        Assert.Equal("exact", first.Hits[0].Id);
        Assert.Equal(SearchMatch.Exact, first.Hits[0].Match);
        Assert.Equal(["p1", "p2"], first.Hits.Skip(1).Concat(second.Hits).Select(h => h.Id).Order());
        Assert.All(first.Hits.Skip(1).Concat(second.Hits), h => Assert.Equal(SearchMatch.Partial, h.Match));
        Assert.Equal(2, (await SearchAsync("防晒霜 推荐", SearchSort.Latest)).Hits.Count(h => h.Match == SearchMatch.Partial));
        Assert.Equal("exact", (await SearchAsync("防晒霜 推荐", SearchSort.Popular)).Hits[0].Id);
        var exactOnly = await SearchAsync("防晒霜 推荐", size: 1);
        Assert.Equal((3L, "exact"), (exactOnly.Total, Assert.Single(exactOnly.Hits).Id));
    }

    [Fact]
    public async Task A_traditional_or_full_width_query_finds_the_simplified_half_width_note()
    {
        await Index.UpsertAsync([Note("n1", "护肤 心得", "iPhone 拍照"), Note("n2", "咖啡 推荐")], default);

        Assert.Equal(["n1"], Ids(await SearchAsync("護膚")));
        Assert.Equal(["n1"], Ids(await SearchAsync("ｉＰｈｏｎｅ")));
    }

    [Fact]
    public async Task A_word_from_the_synonym_list_finds_notes_with_its_synonyms()
    {
        await Index.UpsertAsync([Note("word", "旅行 攻略"), Note("synonym", "旅游 攻略"), Note("other", "咖啡 攻略")], default);

        var result = await SearchAsync("旅行 攻略");

        // Both notes match every word (one through a synonym, and says so); the third has only 攻略 and follows as a partial match.
        Assert.Equal([("synonym", SearchMatch.Synonym), ("word", SearchMatch.Exact)], result.Hits.Take(2).Select(h => (h.Id, h.Match)).Order());
        Assert.Equal(("other", SearchMatch.Partial), (result.Hits[^1].Id, result.Hits[^1].Match));
    }

    [Theory]
    [InlineData("fangshaishuang")]
    [InlineData("fang shai shuang")]
    [InlineData("FangShaiShuang")]
    public async Task Pinyin_typed_whole_or_spaced_finds_the_chinese_title_and_says_so(string query)
    {
        // The decoy has the same syllables, but not next to each other: pinyin matches as a phrase.
        await Index.UpsertAsync([Note("cn", "夏天防晒霜推荐"), Note("decoy", "房子晒霜"), Note("other", "咖啡 推荐")], default);

        var result = await SearchAsync(query);

        Assert.Equal([("cn", SearchMatch.Pinyin)], result.Hits.Select(h => (h.Id, h.Match)));
    }

    [Fact]
    public async Task Pinyin_initials_find_the_title_or_topic_below_a_note_with_the_letters_themselves()
    {
        await Index.UpsertAsync(
        [
            Note("title", "夏天防晒霜推荐"),
            Note("topic", "今日分享", topics: ["防晒霜"]),
            Note("letters", "fss 是什么"),
            Note("other", "咖啡 推荐"),
        ], default);

        var result = await SearchAsync("fss");

        Assert.Equal(("letters", SearchMatch.Exact), (result.Hits[0].Id, result.Hits[0].Match));
        Assert.Equal([("title", SearchMatch.Pinyin), ("topic", SearchMatch.Pinyin)], result.Hits.Skip(1).Select(h => (h.Id, h.Match)).Order());
    }

    [Fact]
    public async Task Pinyin_of_a_character_with_two_readings_finds_it_by_its_common_one()
    {
        await Index.UpsertAsync([Note("n1", "长城一日游"), Note("n2", "咖啡 推荐")], default);

        Assert.Equal(["n1"], Ids(await SearchAsync("changcheng")));
    }

    [Fact]
    public async Task A_misspelt_latin_word_gets_did_you_mean_and_a_right_one_does_not()
    {
        await Index.UpsertAsync([Note("n1", "lancome 面霜 测评"), Note("n2", "sunscreen 推荐")], default);

        var typo = await SearchAsync("lancme");
        var right = await SearchAsync("lancome");

        Assert.Equal((0L, "lancome"), (typo.Total, typo.DidYouMean));
        Assert.Equal((1L, null), (right.Total, right.DidYouMean));
        Assert.Equal("sunscreen 面霜", (await SearchAsync("sunscren 面霜")).DidYouMean);
    }

    [Fact]
    public async Task Upserting_again_replaces_the_text()
    {
        await Index.UpsertAsync([Note("n1", "旧标题 咖啡")], default);
        await Index.UpsertAsync([Note("n1", "新标题 奶茶")], default);

        Assert.Empty((await SearchAsync("咖啡")).Hits);
        var hit = Assert.Single((await SearchAsync("奶茶")).Hits);
        Assert.Equal("新标题 奶茶", hit.Title);
        Assert.Equal(1, (await SearchAsync()).Total);
    }

    [Fact]
    public async Task A_deleted_note_is_not_found_and_deleting_an_unknown_id_is_harmless()
    {
        await Index.UpsertAsync([Note("n1", "咖啡 推荐"), Note("n2", "咖啡 避雷")], default);

        await Index.DeleteAsync(["n1", "never-indexed"], default);

        Assert.Equal(["n2"], Ids(await SearchAsync("咖啡")));
    }

    [Fact]
    public async Task A_topic_filter_keeps_notes_carrying_every_topic_whatever_its_case()
    {
        await Index.UpsertAsync(
        [
            Note("n1", "穿搭 一", topics: ["OOTD", "秋冬"]),
            Note("n2", "穿搭 二", topics: ["ootd"]),
            Note("n3", "穿搭 三", topics: ["秋冬"]),
        ], default);

        Assert.Equal(["n1", "n2"], Ids(await SearchAsync("穿搭", topics: ["ootd"])).Order());
        Assert.Equal(["n1"], Ids(await SearchAsync(topics: ["ootd", "秋冬"])));
    }

    [Fact]
    public async Task Topic_facets_count_every_match_not_only_the_page()
    {
        await Index.UpsertAsync(
        [
            Note("n1", "咖啡 一", topics: ["探店", "上海"]),
            Note("n2", "咖啡 二", topics: ["探店"]),
            Note("n3", "咖啡 三", topics: ["探店", "北京"]),
            Note("n4", "奶茶", topics: ["探店", "上海"]),
        ], default);

        var result = await SearchAsync("咖啡", size: 1);

        Assert.Single(result.Hits);
        Assert.Equal(3, result.Total);
        Assert.Equal(new TopicFacet("探店", 3), result.Topics[0]);
        Assert.Equal([new TopicFacet("上海", 1), new TopicFacet("北京", 1)], result.Topics.Skip(1).OrderBy(t => t.Topic, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Latest_puts_the_newest_first()
    {
        await Index.UpsertAsync(
        [
            Note("old", "咖啡", createdAt: Now.AddDays(-3)),
            Note("new", "咖啡", createdAt: Now.AddMinutes(-5)),
            Note("mid", "咖啡", createdAt: Now.AddDays(-1)),
        ], default);

        Assert.Equal(["new", "mid", "old"], Ids(await SearchAsync("咖啡", SearchSort.Latest)));
    }

    [Fact]
    public async Task Popular_follows_engagement_updates_and_keeps_the_text()
    {
        await Index.UpsertAsync(
        [
            Note("a", "咖啡 一", createdAt: Now.AddDays(-1), engagement: new EngagementCounts(Likes: 10)),
            Note("b", "咖啡 二", createdAt: Now.AddDays(-2), engagement: new EngagementCounts(Likes: 5)),
        ], default);
        Assert.Equal(["a", "b"], Ids(await SearchAsync("咖啡", SearchSort.Popular)));

        await Index.UpdateEngagementAsync([new EngagementUpdate("b", new EngagementCounts(Likes: 1, Collects: 20, Comments: 3, Shares: 1))], default);

        var result = await SearchAsync("咖啡", SearchSort.Popular);
        Assert.Equal(["b", "a"], Ids(result));
        Assert.Equal(new EngagementCounts(1, 20, 3, 1), result.Hits[0].Engagement);
        Assert.Equal("咖啡 二", result.Hits[0].Title);
    }

    [Fact]
    public async Task Popular_ranks_by_engagement_per_view_with_a_prior_not_by_raw_likes()
    {
        await Index.UpsertAsync(
        [
            Note("lucky", "咖啡 一", engagement: new EngagementCounts(Likes: 2, Views: 2)),
            Note("proven", "咖啡 二", engagement: new EngagementCounts(Likes: 1500, Views: 10_000)),
            Note("viral", "咖啡 三", engagement: new EngagementCounts(Likes: 3000, Views: 200_000)),
            Note("unseen", "咖啡 四", engagement: EngagementCounts.Zero),
        ], default);

        // proven 15% beats lucky (2 of 2 smoothed to ~7%), the prior (5%) and viral's many likes at 1.5% per view.
        Assert.Equal(["proven", "lucky", "unseen", "viral"], Ids(await SearchAsync("咖啡", SearchSort.Popular)));

        await Index.UpdateEngagementAsync([new EngagementUpdate("lucky", new EngagementCounts(Likes: 900, Comments: 300, Views: 4000))], default);
        var result = await SearchAsync("咖啡", SearchSort.Popular);
        Assert.Equal("lucky", result.Hits[0].Id);
        Assert.Equal(4000, result.Hits[0].Engagement.Views);
    }

    [Fact]
    public async Task A_note_re_indexed_after_moderation_approval_keeps_its_counters()
    {
        var folder = Directory.CreateTempSubdirectory("reindex-");
        try
        {
            var store = new SqliteDocumentStore(new SqliteDatabase(Path.Combine(folder.FullName, "documents.db")));
            var indexer = new NoteIndexer(store, Index);
            var note = new Platform.Core.Notes.Note
            {
                Id = "n1", AuthorId = "alice", Title = "咖啡 探店", Body = "", Topics = [], CreatedAt = Now, UpdatedAt = Now,
            };
            var subject = Subjects.Note("n1");
            await store.UpsertAsync(Collections.Notes, "n1", "n1", note, default);
            await store.UpsertAsync(Collections.Counters, subject, subject, new CounterDocument
            {
                Subject = subject,
                Counts = new() { [CounterNames.Likes] = 7, [CounterNames.Comments] = 2, [CounterNames.Views] = 300 },
            }, default);
            await indexer.SyncNoteAsync("n1", default);

            // Held (reported): out of the index. Approved: back, with the counts it had, not zeros.
            await store.UpsertAsync(Collections.Notes, "n1", "n1", note with { Status = Platform.Core.Notes.NoteStatus.Held }, default);
            await indexer.SyncNoteAsync("n1", default);
            Assert.Empty((await SearchAsync("咖啡")).Hits);
            await store.UpsertAsync(Collections.Notes, "n1", "n1", note, default);
            await indexer.SyncNoteAsync("n1", default);

            var hit = Assert.Single((await SearchAsync("咖啡")).Hits);
            Assert.Equal(new EngagementCounts(Likes: 7, Comments: 2, Views: 300), hit.Engagement);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Engagement_for_a_note_not_in_the_index_does_not_bring_it_back()
    {
        await Index.UpsertAsync([Note("kept", "咖啡"), Note("gone", "咖啡 避雷")], default);
        await Index.DeleteAsync(["gone"], default);

        await Index.UpdateEngagementAsync(
            [new EngagementUpdate("gone", new EngagementCounts(Likes: 99)), new EngagementUpdate("never", new EngagementCounts(Likes: 1))], default);

        Assert.Equal(["kept"], Ids(await SearchAsync("咖啡")));
    }

    [Fact]
    public async Task Upserting_without_engagement_keeps_the_counters_the_index_has()
    {
        await Index.UpsertAsync([Note("n1", "咖啡 旧")], default);
        await Index.UpdateEngagementAsync([new EngagementUpdate("n1", new EngagementCounts(Likes: 7, Collects: 2))], default);

        await Index.UpsertAsync([Note("n1", "咖啡 新")], default);

        var hit = Assert.Single((await SearchAsync("咖啡")).Hits);
        Assert.Equal(("咖啡 新", new EngagementCounts(Likes: 7, Collects: 2)), (hit.Title, hit.Engagement));
    }

    [Fact]
    public async Task Pages_are_disjoint_and_cover_every_match()
    {
        await Index.UpsertAsync(
            Enumerable.Range(0, 7).Select(i => Note($"n{i}", $"咖啡 {i}", createdAt: Now.AddMinutes(-i))).ToList(), default);

        var pages = new List<SearchResult>();
        for (var skip = 0; skip < 9; skip += 3)
        {
            pages.Add(await SearchAsync("咖啡", SearchSort.Latest, skip: skip, size: 3));
        }

        Assert.All(pages, p => Assert.Equal(7, p.Total));
        Assert.Equal([3, 3, 1], pages.Select(p => p.Hits.Count));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"n{i}"), pages.SelectMany(Ids));
    }

    [Fact]
    public async Task Highlights_mark_the_matched_word_and_escape_the_rest()
    {
        await Index.UpsertAsync([Note("n1", "咖啡 <b>推荐</b>", "这家 咖啡 很好 & 便宜")], default);

        var hit = Assert.Single((await SearchAsync("咖啡")).Hits);

        Assert.NotNull(hit.Highlights);
        Assert.Equal("<em>咖啡</em> &lt;b&gt;推荐&lt;/b&gt;", hit.Highlights.Title);
        Assert.Contains("<em>咖啡</em>", hit.Highlights.Body, StringComparison.Ordinal);
        Assert.Contains("&amp;", hit.Highlights.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_highlights_when_not_asked_and_none_for_a_field_without_a_match()
    {
        await Index.UpsertAsync([Note("n1", "咖啡 推荐", "周末 去哪")], default);

        var plain = await Index.SearchAsync(new NoteSearchQuery { Terms = ["咖啡"], IncludeHighlights = false }, default);
        var highlighted = await SearchAsync("咖啡");

        Assert.Null(Assert.Single(plain.Hits).Highlights);
        Assert.Null(Assert.Single(highlighted.Hits).Highlights!.Body);
    }

    [Fact]
    public async Task Browsing_without_terms_returns_every_note()
    {
        await Index.UpsertAsync([Note("n1", "一"), Note("n2", "二"), Note("n3", "三")], default);

        var result = await SearchAsync();

        Assert.Equal(3, result.Total);
        Assert.Equal(["n1", "n2", "n3"], Ids(result).Order());
    }

    [Fact]
    public async Task Suggestions_complete_a_title_prefix_most_popular_first()
    {
        await Index.UpsertAsync(
        [
            Note("a", "防晒霜 推荐", engagement: new EngagementCounts(Likes: 5)),
            Note("b", "防晒霜 测评", engagement: new EngagementCounts(Likes: 50)),
            Note("c", "面霜 推荐", engagement: new EngagementCounts(Likes: 500)),
        ], default);

        var suggestions = await Index.SuggestAsync("防晒", 5, default);

        Assert.Equal([new Suggestion("防晒霜 测评", "b"), new Suggestion("防晒霜 推荐", "a")], suggestions);
        Assert.Single(await Index.SuggestAsync("防晒", 1, default));
    }
}
