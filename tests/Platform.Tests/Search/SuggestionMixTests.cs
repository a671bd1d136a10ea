using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Integrity;
using Platform.Core.Search;
using Platform.Embedded.Storage;

namespace Platform.Tests.Search;

/// <summary>Suggestions mix note titles (from the embedded index) with what many readers searched, never a banned term.</summary>
public sealed class SuggestionMixTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("suggest-mix-");
    private readonly LuceneIndexFolder _indexFolder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 12, 10, 0, TimeSpan.Zero));
    private readonly SearchLogOptions _logOptions = new() { MinSearches = 3 };
    private readonly Platform.Embedded.Search.LuceneSearchIndex _index;
    private readonly SearchLog _log;
    private readonly SearchService _service;

    public SuggestionMixTests()
    {
        var store = new SqliteDocumentStore(new SqliteDatabase(Path.Combine(_folder.FullName, "documents.db")));
        _log = new SearchLog(store, Options.Create(_logOptions), Options.Create(new SearchOptions()), _clock, NullLogger<SearchLog>.Instance);
        var integrity = new IntegrityEngine(new IntegrityOptions(), [("假货", IntegrityOutcome.Reject)]);
        var trending = new TrendingSearches(store, integrity, Options.Create(_logOptions), _clock);
        _index = _indexFolder.Open();
        _service = new SearchService(_index, Options.Create(new SearchOptions { SuggestionCount = 4 }), trending);
    }

    public void Dispose()
    {
        _index.Dispose();
        _indexFolder.Dispose();
        _folder.Delete(recursive: true);
    }

    private async Task SearchedAsync(string query, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _log.Record(query);
        }

        await _log.FlushAsync(default);
    }

    private static NoteSearchDocument Note(string id, string title, long likes) => new()
    {
        Id = id,
        AuthorId = "u",
        Title = title,
        Body = "",
        Topics = [],
        CreatedAt = DateTimeOffset.UtcNow.AddDays(-1),
        Engagement = new EngagementCounts(Likes: likes),
    };

    [Fact]
    public async Task Popular_queries_and_titles_alternate_and_banned_or_rare_queries_never_show()
    {
        await _index.UpsertAsync([Note("a", "防晒霜推荐 学生党", 50), Note("b", "防晒喷雾测评", 5)], default);
        await SearchedAsync("防晒霜 平价", 9);
        await SearchedAsync("防晒 假货", 30);    // banned by the integrity rules
        await SearchedAsync("防晒衣", 4);
        await SearchedAsync("防晒 私人", 2);     // below MinSearches
        await SearchedAsync("咖啡", 20);          // does not start with the prefix

        var suggestions = (await _service.SuggestAsync("防晒", default)).Items;

        Assert.Equal(
        [
            new Suggestion("防晒霜 平价", null, SuggestionKind.Query),
            new Suggestion("防晒霜推荐 学生党", "a"),
            new Suggestion("防晒衣", null, SuggestionKind.Query),
            new Suggestion("防晒喷雾测评", "b"),
        ], suggestions);
    }

    [Fact]
    public async Task Without_popular_queries_the_titles_fill_the_list()
    {
        await _index.UpsertAsync([Note("a", "露营装备清单", 5), Note("b", "露营地推荐", 50)], default);

        var suggestions = (await _service.SuggestAsync("露营", default)).Items;

        Assert.Equal(["b", "a"], suggestions.Select(s => s.NoteId));
        Assert.All(suggestions, s => Assert.Equal(SuggestionKind.Title, s.Kind));
    }
}
