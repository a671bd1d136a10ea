using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Search;

namespace Platform.Tests.Search;

/// <summary>What the search API asks the index for: parsing, paging limits and continuations.</summary>
public sealed class SearchServiceTests
{
    private readonly CapturingIndex _index = new();

    private SearchService Service(SearchOptions? options = null) => new(_index, Options.Create(options ?? new SearchOptions()));

    [Fact]
    public async Task Words_become_terms_hash_words_and_the_topic_parameter_become_topic_keys()
    {
        await Service().SearchNotesAsync(new SearchNotesRequest("防晒霜  推荐 #夏日护肤#OOTD 防晒霜", Topic: "#好物分享", Sort: "Popular"), default);

        var query = Assert.Single(_index.Queries);
        Assert.Equal(["防晒霜", "推荐"], query.Terms);
        Assert.Equal(["夏日护肤", "ootd", "好物分享"], query.Topics);
        Assert.Equal(SearchSort.Popular, query.Sort);
    }

    [Fact]
    public async Task Page_size_is_clamped_and_the_continuation_carries_the_offset()
    {
        _index.Total = 500;
        var service = Service(new SearchOptions { MaxPageSize = 30 });

        var first = await service.SearchNotesAsync(new SearchNotesRequest("咖啡", PageSize: 1000), default);
        await service.SearchNotesAsync(new SearchNotesRequest("咖啡", PageSize: 1000, Continuation: first.Continuation), default);

        Assert.Equal([(0, 30), (30, 30)], _index.Queries.Select(q => (q.Skip, q.Size)));
    }

    [Fact]
    public async Task Paging_stops_at_the_result_window()
    {
        _index.Total = 10_000;
        var service = Service(new SearchOptions { MaxResultWindow = 50, DefaultPageSize = 20 });

        var page = await service.SearchNotesAsync(new SearchNotesRequest(null), default);
        page = await service.SearchNotesAsync(new SearchNotesRequest(null, Continuation: page.Continuation), default);
        page = await service.SearchNotesAsync(new SearchNotesRequest(null, Continuation: page.Continuation), default);

        Assert.Equal([(0, 20), (20, 20), (40, 10)], _index.Queries.Select(q => (q.Skip, q.Size)));
        Assert.Null(page.Continuation);
    }

    [Fact]
    public async Task Every_bad_parameter_is_reported_at_once()
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            Service().SearchNotesAsync(new SearchNotesRequest(new string('a', 101), Sort: "1", Continuation: "%%"), default));

        Assert.Equal(ErrorKind.Validation, error.Kind);
        Assert.Equal(["continuation", "q", "sort"], error.FieldErrors!.Keys.Order());
        Assert.Empty(_index.Queries);
    }

    [Fact]
    public async Task Suggestions_trim_the_prefix_and_ask_for_the_configured_count()
    {
        var service = Service(new SearchOptions { SuggestionCount = 4 });

        Assert.Empty((await service.SuggestAsync("   ", default)).Items);
        await service.SuggestAsync("  防晒 ", default);

        Assert.Equal([("防晒", 4)], _index.Suggests);
    }

    private sealed class CapturingIndex : ISearchIndex
    {
        public long Total { get; set; }

        public List<NoteSearchQuery> Queries { get; } = [];

        public List<(string, int)> Suggests { get; } = [];

        public Task<SearchResult> SearchAsync(NoteSearchQuery query, CancellationToken cancellationToken)
        {
            Queries.Add(query);
            var count = (int)Math.Clamp(Total - query.Skip, 0, query.Size);
            var hits = Enumerable.Range(query.Skip, count)
                .Select(i => new SearchHit($"n{i}", "a", "t", [], false, DateTimeOffset.UnixEpoch, EngagementCounts.Zero, 1, null))
                .ToList();
            return Task.FromResult(new SearchResult(Total, hits, []));
        }

        public Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken)
        {
            Suggests.Add((prefix, size));
            return Task.FromResult<IReadOnlyList<Suggestion>>([]);
        }

        public Task UpsertAsync(IReadOnlyCollection<NoteSearchDocument> documents, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DeleteAsync(IReadOnlyCollection<string> noteIds, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task UpdateEngagementAsync(IReadOnlyCollection<EngagementUpdate> updates, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
