using Platform.Core.Search;
using Platform.Embedded.Search;
using Platform.Tests.Support;

namespace Platform.Tests.Search;

/// <summary>A Lucene index in a temporary folder, deleted afterwards.</summary>
internal sealed class LuceneIndexFolder : IDisposable
{
    public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("lucene-notes-");

    public LuceneSearchIndex Open(SearchOptions? options = null, TimeProvider? clock = null) =>
        new(Folder.FullName, new SearchRanking(options ?? new SearchOptions()), clock ?? TimeProvider.System);

    public void Dispose() => Folder.Delete(recursive: true);
}

[AdapterUnderTest(typeof(LuceneSearchIndex))]
public sealed class LuceneSearchIndexContractTests : SearchIndexContract, IDisposable
{
    private readonly LuceneIndexFolder _folder = new();
    private readonly LuceneSearchIndex _index;

    public LuceneSearchIndexContractTests() => _index = _folder.Open();

    protected override ISearchIndex Index => _index;

    public void Dispose()
    {
        _index.Dispose();
        _folder.Dispose();
    }
}

/// <summary>What the embedded engine adds beyond the contract: Chinese analysis, the ranking blend, durability.</summary>
public sealed class LuceneSearchIndexTests : IDisposable
{
    private readonly LuceneIndexFolder _folder = new();
    private readonly LuceneSearchIndex _index;

    public LuceneSearchIndexTests() => _index = _folder.Open();

    public void Dispose()
    {
        _index.Dispose();
        _folder.Dispose();
    }

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static NoteSearchDocument Note(string id, string title, string body = "", string[]? topics = null, DateTimeOffset? createdAt = null, EngagementCounts? engagement = null) => new()
    {
        Id = id,
        AuthorId = "u",
        Title = title,
        Body = body,
        Topics = topics ?? [],
        CreatedAt = createdAt ?? Now.AddDays(-60),
        Engagement = engagement,
    };

    private async Task<List<string>> FindAsync(string q, SearchSort sort = SearchSort.Relevance)
    {
        var (terms, topics) = SearchText.Parse(q);
        var result = await _index.SearchAsync(new NoteSearchQuery { Terms = terms, Topics = topics, Sort = sort }, default);
        // The notes with every word, some through a synonym or pinyin (partial matches follow them when those are few;
        // RelaxedMatching tests those).
        return result.Hits.Where(h => h.Match != SearchMatch.Partial).Select(h => h.Id).ToList();
    }

    [Theory]
    [InlineData("防晒霜 推荐")]
    [InlineData("防晒霜推荐")]
    [InlineData("防晒")]
    [InlineData("夏天 防晒霜")]
    public async Task Chinese_queries_find_unsegmented_chinese_titles(string q)
    {
        await _index.UpsertAsync([Note("hit", "夏天防晒霜推荐", "清爽不油腻"), Note("miss", "冬天面霜推荐", "滋润")], default);

        Assert.Equal(["hit"], await FindAsync(q));
    }

    [Fact]
    public async Task Mixed_chinese_and_english_queries_match_words_in_any_case_and_highlight_whole_words()
    {
        await _index.UpsertAsync([Note("hit", "iPhone15拍照技巧分享", "人像模式 OOTD 必备"), Note("miss", "相机拍照技巧", "单反")], default);

        Assert.Equal(["hit"], await FindAsync("iphone 拍照"));
        Assert.Equal(["hit"], await FindAsync("ootd"));
        var result = await _index.SearchAsync(new NoteSearchQuery { Terms = ["iphone", "拍照"] }, default);
        Assert.Equal("<em>iPhone</em>15<em>拍照</em>技巧分享", result.Hits[0].Highlights!.Title);
    }

    [Fact]
    public async Task Traditional_and_simplified_find_each_other_and_full_width_folds_in_the_index_too()
    {
        await _index.UpsertAsync([Note("hant", "夏日護膚心得", "防曬 ＯＯＴＤ"), Note("hans", "冬季护肤", "面霜"), Note("other", "咖啡", "拿铁")], default);

        Assert.Equal(["hans", "hant"], (await FindAsync("護膚")).Order());
        Assert.Equal(["hans", "hant"], (await FindAsync("护肤")).Order());
        Assert.Equal(["hant"], await FindAsync("防晒"));
        Assert.Equal(["hant"], await FindAsync("ootd"));
    }

    [Fact]
    public async Task A_synonym_match_ranks_below_a_match_of_the_word_itself()
    {
        // The synonym note is fresher and more liked: the word the reader typed still wins.
        await _index.UpsertAsync(
        [
            Note("synonym", "喵星人 日常", engagement: new EngagementCounts(Likes: 20), createdAt: Now.AddDays(-1)),
            Note("word", "猫咪 日常"),
        ], default);

        Assert.Equal(["word", "synonym"], await FindAsync("猫咪"));
        Assert.Equal(["synonym", "word"], await FindAsync("喵星人"));
    }

    [Fact]
    public async Task A_hash_topic_in_the_query_filters_by_topic()
    {
        await _index.UpsertAsync(
        [
            Note("tagged", "清爽 防晒", topics: ["防晒"]),
            Note("mentions", "防晒 清爽", "没有话题"),
            Note("other", "清爽 面霜", topics: ["护肤"]),
        ], default);

        Assert.Equal(["tagged"], await FindAsync("#防晒"));
        Assert.Equal(["tagged"], await FindAsync("#防晒 清爽"));
    }

    [Fact]
    public async Task With_the_same_text_more_engagement_ranks_higher()
    {
        await _index.UpsertAsync(
        [
            Note("quiet", "咖啡 推荐", engagement: new EngagementCounts(Likes: 1)),
            Note("loved", "咖啡 推荐", engagement: new EngagementCounts(Likes: 800, Collects: 300)),
        ], default);

        Assert.Equal(["loved", "quiet"], await FindAsync("咖啡"));

        await _index.UpdateEngagementAsync([new EngagementUpdate("quiet", new EngagementCounts(Likes: 5000, Comments: 900))], default);
        Assert.Equal(["quiet", "loved"], await FindAsync("咖啡"));
    }

    [Fact]
    public async Task With_the_same_text_and_engagement_a_fresh_note_ranks_higher()
    {
        await _index.UpsertAsync(
        [
            Note("stale", "咖啡 推荐", createdAt: Now.AddDays(-25)),
            Note("fresh", "咖啡 推荐", createdAt: Now.AddHours(-2)),
            Note("ancient", "咖啡 推荐", createdAt: Now.AddDays(-400)),
        ], default);

        Assert.Equal(["fresh", "stale", "ancient"], await FindAsync("咖啡"));
    }

    [Fact]
    public async Task A_title_match_outranks_a_body_match()
    {
        await _index.UpsertAsync([Note("body", "周末 日常", "今天 喝了 咖啡"), Note("title", "咖啡 日常", "今天 周末")], default);

        Assert.Equal(["title", "body"], await FindAsync("咖啡"));
    }

    [Fact]
    public async Task Suggestions_complete_a_chinese_prefix_that_ends_inside_a_word()
    {
        await _index.UpsertAsync([Note("n1", "夏天防晒霜推荐"), Note("n2", "秋冬穿搭")], default);

        var suggestions = await _index.SuggestAsync("夏天防", 5, default);

        Assert.Equal([new Suggestion("夏天防晒霜推荐", "n1")], suggestions);
    }

    [Fact]
    public async Task The_index_survives_a_restart()
    {
        await _index.UpsertAsync([Note("n1", "夏天防晒霜推荐")], default);
        await _index.UpdateEngagementAsync([new EngagementUpdate("n1", new EngagementCounts(Likes: 3))], default);
        _index.Dispose();

        using var reopened = _folder.Open();
        var result = await reopened.SearchAsync(new NoteSearchQuery { Terms = ["防晒霜"] }, default);

        var hit = Assert.Single(result.Hits);
        Assert.Equal(("n1", 3L), (hit.Id, hit.Engagement.Likes));
    }
}

/// <summary>An index written before views and the smoothed rate ranked "popular" is upgraded when opened.</summary>
public sealed class LuceneIndexUpgradeTests : IDisposable
{
    private readonly LuceneIndexFolder _folder = new();

    [Fact]
    public async Task An_index_without_the_ranking_fields_gets_them_on_open_and_keeps_its_notes_and_counts()
    {
        using (var directory = Lucene.Net.Store.FSDirectory.Open(_folder.Folder.FullName))
        using (var analyzer = NoteFields.CreateAnalyzer())
        using (var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(NoteFields.Version, analyzer)))
        {
            foreach (var (id, likes) in new[] { ("old1", 40L), ("old2", 3L) })
            {
                var note = new NoteSearchDocument
                {
                    Id = id, AuthorId = "alice", Title = $"咖啡 {id}", Body = "手冲", Topics = ["咖啡"], CreatedAt = DateTimeOffset.UtcNow,
                };
                var doc = LuceneSearchIndex.ToLucene(note, new EngagementCounts(Likes: likes), engagementRate: 0);
                doc.RemoveFields(NoteFields.Views);
                doc.RemoveFields(NoteFields.EngagementRate);
                writer.AddDocument(doc);
            }

            writer.Commit();
        }

        using var index = _folder.Open();
        await index.UpdateEngagementAsync([new EngagementUpdate("old2", new EngagementCounts(Likes: 90, Views: 300))], default);

        var result = await index.SearchAsync(new NoteSearchQuery { Terms = ["咖啡"], Sort = SearchSort.Popular, IncludeHighlights = false }, default);
        // old1: (40 + 5) / (0 + 100) = 0.45; old2 after the update: (90 + 5) / (300 + 100) = 0.24.
        Assert.Equal(["old1", "old2"], result.Hits.Select(h => h.Id));
        Assert.Equal(new EngagementCounts(Likes: 90, Views: 300), result.Hits[1].Engagement);
        Assert.Equal(2, (await index.SearchAsync(new NoteSearchQuery { Terms = ["手冲"] }, default)).Total);
    }

    public void Dispose() => _folder.Dispose();
}
