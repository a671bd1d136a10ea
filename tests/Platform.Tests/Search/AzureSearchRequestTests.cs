using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Platform.Azure.Search;
using Platform.Core.Search;
using Platform.Tests.Support;

namespace Platform.Tests.Search;

/// <summary>The exact index definition and requests the Azure adapter sends to Azure AI Search (REST API 2023-11-01).</summary>
public sealed class AzureSearchRequestTests(FakeAzureSearchFixture fixture) : IClassFixture<FakeAzureSearchFixture>
{
    private readonly string _name = "notes-" + Guid.NewGuid().ToString("N")[..12];

    private AzureSearchIndex Index => fixture.CreateIndex(_name);

    private List<(string Method, string Path, JsonNode? Body)> Sent() =>
        fixture.Service.Requests.Where(r => r.Path.StartsWith($"/indexes('{_name}')", StringComparison.Ordinal)).ToList();

    private JsonNode LastBody(string pathSuffix) => Sent().Last(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal)).Body!;

    private static void AssertJson(string expected, JsonNode? actual)
    {
        var want = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(want, actual),
            $"Expected:\n{want!.ToJsonString(Indented)}\nActual:\n{actual?.ToJsonString(Indented)}");
    }

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static NoteSearchDocument Note(EngagementCounts? engagement = null) => new()
    {
        Id = "n1",
        AuthorId = "alice",
        Title = "夏天防晒霜推荐",
        Body = "清爽不油腻 #防晒",
        Topics = ["防晒", "OOTD"],
        Sponsored = true,
        CreatedAt = new DateTimeOffset(2026, 7, 1, 8, 30, 0, TimeSpan.Zero),
        Engagement = engagement,
    };

    [Fact]
    public async Task The_index_definition_has_chinese_text_fields_bigram_pinyin_and_synonym_fields_facets_the_profile_and_a_suggester()
    {
        await Index.EnsureIndexAsync(default);

        var (method, path, body) = Assert.Single(Sent());
        Assert.Equal(("PUT", $"/indexes('{_name}')"), (method, path));

        // The Traditional → Simplified rules: the embedded engine's table, one CJK character to another each (checked here,
        // then left out of the comparison below so that the table can grow without touching the expected definition).
        var filter = body!["charFilters"]![0]!.AsObject();
        var mappings = filter["mappings"]!.AsArray().Select(m => (string)m!).ToList();
        Assert.Equal(AzureNoteIndexDefinition.NormalizeMappings(), mappings);
        Assert.All(mappings, m => Assert.Matches(@"^[\u4E00-\u9FFF]=>[\u4E00-\u9FFF]$", m));
        Assert.Contains("護=>护", mappings);
        filter.Remove("mappings");

        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Search", "azure-notes-index.json")).Replace("{{name}}", _name, StringComparison.Ordinal);
        AssertJson(expected, body);
    }

    [Fact]
    public async Task A_relevance_search_sends_every_term_required_the_topic_filter_the_profile_highlights_and_facets()
    {
        await Index.SearchAsync(new NoteSearchQuery { Terms = ["防晒霜", "推荐"], Topics = ["防晒", "it's"], Skip = 40, Size = 20 }, default);

        AssertJson("""
            {
              "search": "(防晒霜|防晒乳) 推荐",
              "queryType": "simple",
              "searchMode": "all",
              "searchFields": "title,topics,body,titleGrams,topicsGrams,bodyGrams,titlePinyin,topicsPinyin,titleInitials,topicsInitials",
              "filter": "topicKeys/any(t: t eq '防晒') and topicKeys/any(t: t eq 'it''s')",
              "scoringProfile": "engagement",
              "orderby": "search.score() desc,createdAt desc",
              "select": "id,authorId,title,topics,sponsored,createdAt,likes,collects,comments,shares,views",
              "highlight": "title,body",
              "highlightPreTag": "\uE000",
              "highlightPostTag": "\uE001",
              "facets": ["topicKeys,count:10,sort:count"],
              "count": true,
              "skip": 40,
              "top": 20
            }
            """, Sent().First(r => r.Path.EndsWith("/docs/search.post.search", StringComparison.Ordinal)).Body);
    }

    [Fact]
    public async Task Too_few_exact_matches_add_a_search_for_any_term_without_the_exact_ones()
    {
        await Index.UpsertAsync([Note() with { Id = "n1", Title = "防晒霜 推荐" }, Note() with { Id = "n2", Title = "防晒霜" }], default);

        var result = await Index.SearchAsync(new NoteSearchQuery { Terms = ["防晒霜", "推荐"], IncludeHighlights = false, FacetCount = 0 }, default);

        Assert.Equal([("n1", SearchMatch.Exact), ("n2", SearchMatch.Partial)], result.Hits.Select(h => (h.Id, h.Match)));
        AssertJson("""
            {
              "search": "(防晒霜|防晒乳) 推荐",
              "queryType": "simple",
              "searchMode": "any",
              "searchFields": "title,topics,body,titleGrams,topicsGrams,bodyGrams,titlePinyin,topicsPinyin,titleInitials,topicsInitials",
              "filter": "not search.in(id, 'n1', '|')",
              "scoringProfile": "engagement",
              "orderby": "search.score() desc,createdAt desc",
              "select": "id,authorId,title,topics,sponsored,createdAt,likes,collects,comments,shares,views",
              "count": true,
              "skip": 0,
              "top": 19
            }
            """, LastBody("/docs/search.post.search"));
    }

    [Theory]
    [InlineData(SearchSort.Latest, "createdAt desc")]
    [InlineData(SearchSort.Popular, "engagementRate desc,createdAt desc")]
    public async Task Latest_and_popular_sort_by_fields_without_the_profile(SearchSort sort, string orderBy)
    {
        await Index.SearchAsync(new NoteSearchQuery { Sort = sort, IncludeHighlights = false, FacetCount = 0 }, default);

        AssertJson($$"""
            {
              "search": "*",
              "queryType": "simple",
              "searchMode": "all",
              "searchFields": "title,topics,body,titleGrams,topicsGrams,bodyGrams,titlePinyin,topicsPinyin,titleInitials,topicsInitials",
              "orderby": "{{orderBy}}",
              "select": "id,authorId,title,topics,sponsored,createdAt,likes,collects,comments,shares,views",
              "count": true,
              "skip": 0,
              "top": 20
            }
            """, LastBody("/docs/search.post.search"));
    }

    [Fact]
    public async Task Queries_are_folded_to_simplified_half_width_and_words_with_synonyms_become_groups()
    {
        await Index.SearchAsync(new NoteSearchQuery { Terms = ["護膚", "ＯＯＴＤ", "旅行"] }, default);

        Assert.Equal("(护肤|保养) OOTD (旅行|旅游|出游)", (string?)Sent().First(r => r.Path.EndsWith("/docs/search.post.search", StringComparison.Ordinal)).Body!["search"]);
    }

    [Theory]
    [InlineData(new[] { "fang", "shai", "shuang", "推荐" }, "(fang+shai+shuang|\"fang shai shuang\") 推荐")]
    [InlineData(new[] { "FangShaiShuang" }, "(FangShaiShuang|\"fang shai shuang\")")]
    [InlineData(new[] { "fss" }, "(fss|\"f s s\")")]
    [InlineData(new[] { "SPF", "dior" }, "SPF dior")]
    public async Task Latin_words_that_read_as_pinyin_add_a_phrase_for_the_pinyin_fields(string[] terms, string search)
    {
        await Index.SearchAsync(new NoteSearchQuery { Terms = terms }, default);

        Assert.Equal(search, (string?)LastBody("/docs/search.post.search")["search"]);
    }

    [Fact]
    public async Task The_synonym_map_is_put_before_the_index_in_solr_format()
    {
        await Index.EnsureIndexAsync(default);

        var requests = fixture.Service.Requests.Where(r => r.Path.Contains(_name, StringComparison.Ordinal)).ToList();
        Assert.Equal([("PUT", $"/synonymmaps('{_name}-synonyms')"), ("PUT", $"/indexes('{_name}')")], requests.Select(r => (r.Method, r.Path)));
        var map = requests[0].Body!;
        Assert.Equal(("solr", $"{_name}-synonyms"), ((string?)map["format"], (string?)map["name"]));
        var rules = ((string)map["synonyms"]!).Split('\n');
        Assert.Contains("旅行, 旅游, 出游", rules);
        Assert.Equal(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Search", "synonyms-source.txt")).Count(l => l.Length > 0 && !l.StartsWith('#')), rules.Length);
    }

    [Fact]
    public async Task Operators_a_reader_types_are_searched_for_as_text()
    {
        await Index.SearchAsync(new NoteSearchQuery { Terms = ["C++", "-50%", "\"口红\"", "a|b"] }, default);

        Assert.Equal("""C\+\+ \-50% \"口红\" a\|b""", (string?)LastBody("/docs/search.post.search")["search"]);
    }

    [Fact]
    public async Task An_upsert_without_counters_merges_or_uploads_the_text_and_leaves_the_counters_out()
    {
        await Index.UpsertAsync([Note()], default);

        AssertJson("""
            {
              "value": [{
                "@search.action": "mergeOrUpload",
                "id": "n1",
                "authorId": "alice",
                "title": "夏天防晒霜推荐",
                "body": "清爽不油腻 #防晒",
                "topics": ["防晒", "OOTD"],
                "titleGrams": "夏天防晒霜推荐",
                "bodyGrams": "清爽不油腻 #防晒",
                "topicsGrams": ["防晒", "OOTD"],
                "titlePinyin": "xia tian fang shai shuang tui jian",
                "titleInitials": "x t f s s t j",
                "topicsPinyin": ["fang shai", ""],
                "topicsInitials": ["f s", ""],
                "topicKeys": ["防晒", "ootd"],
                "sponsored": true,
                "createdAt": "2026-07-01T08:30:00+00:00"
              }]
            }
            """, LastBody("/docs/search.index"));
    }

    [Fact]
    public async Task An_upsert_with_counters_sends_them_and_the_popularity_they_make()
    {
        await Index.UpsertAsync([Note(new EngagementCounts(Likes: 10, Collects: 2, Comments: 1, Shares: 1))], default);

        var document = LastBody("/docs/search.index")["value"]![0]!;
        AssertJson("""[10, 2, 1, 1, 21, 0, 0.18]""", new JsonArray(
            [.. new[] { "likes", "collects", "comments", "shares", "popularity", "views", "engagementRate" }.Select(f => document[f]!.DeepClone())]));
    }

    [Fact]
    public async Task An_engagement_update_merges_only_the_ranking_fields()
    {
        await Index.UpdateEngagementAsync(
            [new EngagementUpdate("n1", new EngagementCounts(Likes: 3)), new EngagementUpdate("n2", new EngagementCounts(Comments: 2))], default);

        AssertJson("""
            {
              "value": [
                { "@search.action": "merge", "id": "n1", "likes": 3, "collects": 0, "comments": 0, "shares": 0, "popularity": 3, "views": 0, "engagementRate": 0.08 },
                { "@search.action": "merge", "id": "n2", "likes": 0, "collects": 0, "comments": 2, "shares": 0, "popularity": 6, "views": 0, "engagementRate": 0.07 }
              ]
            }
            """, LastBody("/docs/search.index"));
    }

    [Fact]
    public async Task A_delete_sends_delete_actions_by_key()
    {
        await Index.DeleteAsync(["n1", "n2"], default);

        AssertJson("""
            { "value": [ { "@search.action": "delete", "id": "n1" }, { "@search.action": "delete", "id": "n2" } ] }
            """, LastBody("/docs/search.index"));
    }

    [Fact]
    public async Task Empty_batches_send_nothing()
    {
        await Index.UpsertAsync([], default);
        await Index.DeleteAsync([], default);
        await Index.UpdateEngagementAsync([], default);

        Assert.Empty(Sent());
    }

    [Fact]
    public async Task A_suggestion_asks_the_title_suggester_most_popular_first()
    {
        await Index.SuggestAsync("防晒", 8, default);

        AssertJson("""
            {
              "search": "防晒",
              "suggesterName": "titles",
              "fuzzy": false,
              "select": "id,title",
              "orderby": "popularity desc,createdAt desc",
              "top": 24
            }
            """, LastBody("/docs/search.post.suggest"));
    }

    [Fact]
    public async Task A_document_the_service_could_not_index_fails_the_batch()
    {
        var index = Index;
        fixture.Service.FailBatchItem = key => key == "n1" ? 503 : null;
        try
        {
            var error = await Assert.ThrowsAsync<RequestFailedException>(() => index.UpsertAsync([Note()], default));
            Assert.Equal(503, error.Status);
        }
        finally
        {
            fixture.Service.FailBatchItem = null;
        }
    }
}
