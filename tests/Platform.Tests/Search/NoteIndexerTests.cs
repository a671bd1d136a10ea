using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Search;
using Platform.Core.Storage;
using Platform.Embedded.Storage;

namespace Platform.Tests.Search;

/// <summary>The indexer and the search subscription's handler, on SQLite and Lucene, driven directly (no queue).</summary>
public sealed class NoteIndexerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("indexer-");
    private readonly LuceneIndexFolder _indexFolder = new();
    private readonly SqliteDocumentStore _store;
    private readonly Platform.Embedded.Search.LuceneSearchIndex _index;
    private readonly NoteIndexer _indexer;

    public NoteIndexerTests()
    {
        _store = new SqliteDocumentStore(new SqliteDatabase(Path.Combine(_folder.FullName, "documents.db")));
        _index = _indexFolder.Open();
        _indexer = new NoteIndexer(_store, _index);
    }

    public void Dispose()
    {
        _index.Dispose();
        _indexFolder.Dispose();
        _folder.Delete(recursive: true);
    }

    private async Task<Note> StoreAsync(Note note)
    {
        await _store.UpsertAsync(Collections.Notes, note.Id, note.Id, note, default);
        return note;
    }

    private static Note NewNote(string id, string title) => new()
    {
        Id = id,
        AuthorId = "alice",
        Title = title,
        Body = "",
        Topics = [],
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    private async Task<List<string>> FindAsync(string term) =>
        (await _index.SearchAsync(new NoteSearchQuery { Terms = [term] }, default)).Hits.Select(h => h.Id).ToList();

    [Fact]
    public async Task A_public_published_note_is_indexed_and_syncing_it_again_changes_nothing()
    {
        await StoreAsync(NewNote("n1", "咖啡 探店"));

        await _indexer.SyncNoteAsync("n1", default);
        await _indexer.SyncNoteAsync("n1", default);

        Assert.Equal(["n1"], await FindAsync("咖啡"));
    }

    [Theory]
    [InlineData(NoteStatus.Held, NoteVisibility.Public)]
    [InlineData(NoteStatus.Rejected, NoteVisibility.Public)]
    [InlineData(NoteStatus.Deleted, NoteVisibility.Public)]
    [InlineData(NoteStatus.Published, NoteVisibility.Private)]
    public async Task A_note_others_may_not_see_is_removed_from_the_index(NoteStatus status, NoteVisibility visibility)
    {
        var note = await StoreAsync(NewNote("n1", "咖啡 探店"));
        await _indexer.SyncNoteAsync("n1", default);

        await StoreAsync(note with { Status = status, Visibility = visibility });
        await _indexer.SyncNoteAsync("n1", default);

        Assert.Empty(await FindAsync("咖啡"));
    }

    [Fact]
    public async Task A_late_event_for_a_note_deleted_since_does_not_bring_it_back()
    {
        var note = await StoreAsync(NewNote("n1", "咖啡 探店"));
        await StoreAsync(note with { Status = NoteStatus.Deleted });

        // The created event arrives after the deletion: the indexer reads the note as it is now.
        await _indexer.SyncNoteAsync("n1", default);

        Assert.Empty(await FindAsync("咖啡"));
    }

    [Fact]
    public async Task A_note_missing_from_the_store_is_removed()
    {
        await _index.UpsertAsync([NoteSearchDocument.From(NewNote("ghost", "咖啡"))!], default);

        await _indexer.SyncNoteAsync("ghost", default);

        Assert.Empty(await FindAsync("咖啡"));
    }

    [Fact]
    public async Task Engagement_updates_collapse_to_the_last_per_note_and_go_in_batches_of_at_most_1000()
    {
        var recording = new RecordingIndex();
        var indexer = new NoteIndexer(_store, recording);
        var updates = Enumerable.Range(0, 2500).Select(i => new EngagementUpdate($"n{i % 1200}", new EngagementCounts(Likes: i)));

        await indexer.ApplyEngagementAsync(updates, default);

        Assert.Equal([1000, 200], recording.EngagementBatches.Select(b => b.Count));
        var applied = recording.EngagementBatches.SelectMany(b => b).ToDictionary(u => u.NoteId, u => u.Counts.Likes);
        Assert.Equal(2499, applied["n99"]);
        Assert.Equal(1300, applied["n100"]);
    }

    [Fact]
    public async Task The_handler_syncs_any_note_event_and_batches_engagement_events_arriving_together()
    {
        var recording = new RecordingIndex();
        var indexer = new NoteIndexer(_store, recording);
        var batcher = new EngagementBatcher(indexer, Options.Create(new SearchOptions { EngagementBatchWindow = TimeSpan.FromMilliseconds(100) }), TimeProvider.System);
        var handler = new SearchIndexHandler(indexer, batcher);
        var now = DateTimeOffset.UtcNow;

        // 40 handlers running at once, as the message pump runs them: one index write.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => handler.HandleAsync(
            Incoming(EngagementEvents.For($"n{i % 20}", new EngagementCounts(Likes: i), now.AddSeconds(i))), default)));

        var batch = Assert.Single(recording.EngagementBatches);
        Assert.Equal(20, batch.Count);
        Assert.Equal(25, batch.Single(u => u.NoteId == "n5").Counts.Likes); // the newer of 5 and 25

        await StoreAsync(NewNote("n1", "咖啡"));
        await handler.HandleAsync(Incoming(OutgoingMessage.Create(Destinations.Events, "note.moderated", new { noteId = "n1", decision = "approved" })), default);
        Assert.Equal(["n1"], recording.Upserted);

        await handler.HandleAsync(Incoming(OutgoingMessage.Create(Destinations.Events, "order.paid", new { orderId = "o1" })), default);
        Assert.Equal(["n1"], recording.Upserted);
    }

    [Fact]
    public async Task An_event_without_a_valid_note_id_is_poison()
    {
        var handler = new SearchIndexHandler(_indexer, new EngagementBatcher(_indexer, Options.Create(new SearchOptions()), TimeProvider.System));

        var poison = await Assert.ThrowsAsync<PoisonMessageException>(() =>
            handler.HandleAsync(Incoming(OutgoingMessage.Create(Destinations.Events, NoteEvents.Updated, new { noteId = "../etc" })), default));
        Assert.Equal("search.invalid_note_id", poison.Reason);
    }

    [Fact]
    public async Task A_failed_engagement_batch_fails_every_message_in_it_so_they_are_retried()
    {
        var failing = new RecordingIndex { Fail = true };
        var indexer = new NoteIndexer(_store, failing);
        var handler = new SearchIndexHandler(indexer, new EngagementBatcher(indexer, Options.Create(new SearchOptions()), TimeProvider.System));

        var tasks = Enumerable.Range(0, 3)
            .Select(i => handler.HandleAsync(Incoming(EngagementEvents.For($"n{i}", new EngagementCounts(Likes: 1), DateTimeOffset.UtcNow)), default))
            .ToList();

        foreach (var task in tasks)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => task);
        }
    }

    private static IncomingMessage Incoming(OutgoingMessage message) => new()
    {
        Id = message.Id,
        Source = message.Destination,
        Subscription = Destinations.EventSubscriptions.Search,
        Type = message.Type,
        Body = message.Body,
    };

    private sealed class RecordingIndex : ISearchIndex
    {
        public bool Fail { get; init; }

        public ConcurrentQueue<List<EngagementUpdate>> EngagementBatches { get; } = new();

        public List<string> Upserted { get; } = [];

        public Task UpsertAsync(IReadOnlyCollection<NoteSearchDocument> documents, CancellationToken cancellationToken)
        {
            Upserted.AddRange(documents.Select(d => d.Id));
            return Task.CompletedTask;
        }

        public Task DeleteAsync(IReadOnlyCollection<string> noteIds, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task UpdateEngagementAsync(IReadOnlyCollection<EngagementUpdate> updates, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new InvalidOperationException("index unavailable");
            }

            EngagementBatches.Enqueue([.. updates]);
            return Task.CompletedTask;
        }

        public Task<SearchResult> SearchAsync(NoteSearchQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
