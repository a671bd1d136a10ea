using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Community;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Readers;
using Platform.Core.Search;
using Platform.Core.Storage;
using Platform.Tests.Community;
using Platform.Tests.Support;

namespace Platform.Tests.Readers;

/// <summary>Reader activity reaches the note counters in aggregated writes, and from there the note's stats and search.</summary>
public sealed class ReaderCountersTests : IDisposable
{
    private const string Device = "device-counters-0123456789";
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public void A_batch_becomes_one_operation_per_note_and_counter_whatever_its_size()
    {
        var items = Enumerable.Range(0, 300)
            .Select(i => new ReaderActivity((ActivityKind)(i % 5), $"n{i % 3}", $"d:{i}", null, DateTimeOffset.UnixEpoch, DwellMs: 2000, ProductId: "p", Progress: 0.5))
            .ToList();

        var operations = ReaderCountersHandler.Operations("m1", items);

        // 3 notes x 4 counted kinds (video progress is not a counter), each carrying its whole count.
        Assert.Equal(12, operations.Count);
        Assert.Equal(240, operations.Sum(o => o.Delta));
        Assert.Equal(3, operations.Select(o => o.Subject).Distinct().Count());
        Assert.All(operations, o => Assert.StartsWith("m1.", o.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redelivered_batch_counts_once()
    {
        var handler = new ReaderCountersHandler(new ReaderCounterBatcher(_platform.Services.GetRequiredService<CounterStore>()));
        var batch = new ReaderActivityBatch("b1",
        [
            new(ActivityKind.View, "n1", "d:a", null, DateTimeOffset.UnixEpoch, DwellMs: 3000),
            new(ActivityKind.View, "n1", "d:b", null, DateTimeOffset.UnixEpoch, DwellMs: 3000),
            new(ActivityKind.Impression, "n1", "d:a", null, DateTimeOffset.UnixEpoch),
            new(ActivityKind.Share, "n2", "d:a", null, DateTimeOffset.UnixEpoch, Channel: "link"),
        ]);
        var message = OutgoingMessage.Create(Destinations.Events, ReaderActivityBatch.MessageType, batch, id: batch.BatchId);
        var incoming = new IncomingMessage { Id = message.Id, Source = Destinations.Events, Type = message.Type, Body = message.Body };

        await handler.HandleAsync(incoming, default);
        await handler.HandleAsync(incoming, default);

        var counters = _platform.Services.GetRequiredService<CounterStore>();
        var n1 = await counters.ReadAsync(Subjects.Note("n1"), default);
        Assert.Equal((2, 1), (n1[CounterNames.Views], n1[CounterNames.Impressions]));
        Assert.Equal(1, (await counters.ReadAsync(Subjects.Note("n2"), default))[CounterNames.Shares]);
    }

    [Fact]
    public async Task Batches_delivered_while_a_write_is_in_flight_are_written_together_and_add_up()
    {
        var store = new GatedCounterStore(_platform.Services.GetRequiredService<IDocumentStore>(), Subjects.Note("hot"));
        var bus = _platform.Services.GetRequiredService<IMessageBus>();
        var counters = new CounterStore(store, new Outbox(store, bus, Microsoft.Extensions.Logging.Abstractions.NullLogger<Outbox>.Instance), bus,
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<CounterStore>.Instance);
        var handler = new ReaderCountersHandler(new ReaderCounterBatcher(counters));
        IncomingMessage Batch(int n)
        {
            var items = Enumerable.Range(0, 10)
                .Select(i => new ReaderActivity(ActivityKind.View, "hot", $"d:{n}-{i}", null, DateTimeOffset.UnixEpoch, DwellMs: 2000))
                .Append(new ReaderActivity(ActivityKind.Impression, $"cold{n}", "d:x", null, DateTimeOffset.UnixEpoch))
                .ToList();
            var message = OutgoingMessage.Create(Destinations.Events, ReaderActivityBatch.MessageType, new ReaderActivityBatch($"b{n}", items));
            return new IncomingMessage { Id = message.Id, Source = Destinations.Events, Type = message.Type, Body = message.Body };
        }

        var first = handler.HandleAsync(Batch(0), default);
        await store.FirstWriteStarted.Task;
        var others = Enumerable.Range(1, 19).Select(n => handler.HandleAsync(Batch(n), default)).ToList();
        store.Release.SetResult();
        await Task.WhenAll([first, .. others]);

        Assert.Equal(2, store.CountWrites); // the first batch alone, then the 19 that waited: one write of the hot note for all
        var hot = await counters.ReadAsync(Subjects.Note("hot"), default);
        Assert.Equal(200, hot[CounterNames.Views]);
        Assert.Equal(1, (await counters.ReadAsync(Subjects.Note("cold7"), default))[CounterNames.Impressions]);
    }

    /// <summary>The real store, holding the first counter write of one subject until released, and counting its count writes.</summary>
    private sealed class GatedCounterStore(IDocumentStore inner, string subject) : ForwardingDocumentStore(inner)
    {
        private int _writes;

        public TaskCompletionSource FirstWriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int CountWrites => _writes;

        public override async Task<string> CreateAsync<T>(string collection, string partitionKey, string id, T document, CancellationToken cancellationToken)
        {
            await GateAsync(id, document);
            return await base.CreateAsync(collection, partitionKey, id, document, cancellationToken);
        }

        public override async Task<string> ReplaceAsync<T>(string collection, string partitionKey, string id, T document, string ifMatch, CancellationToken cancellationToken)
        {
            await GateAsync(id, document);
            return await base.ReplaceAsync(collection, partitionKey, id, document, ifMatch, cancellationToken);
        }

        // A count write carries the engagement event; the outbox's clearing write that follows does not.
        private async Task GateAsync<T>(string id, T document)
        {
            if (id != subject || document is not CounterDocument { PendingEvents.Count: > 0 })
            {
                return;
            }

            if (Interlocked.Increment(ref _writes) == 1)
            {
                FirstWriteStarted.SetResult();
                await Release.Task;
            }
        }
    }

    [Fact]
    public async Task What_readers_report_shows_in_the_notes_stats_and_in_search()
    {
        var note = await Api.CreateNoteAsync(_platform.ClientFor("author"), new { title = "露营 装备", body = "#露营" });
        var reader = _platform.ClientFor("reader");

        var response = await reader.PostAsJsonAsync("/api/events", new
        {
            deviceId = Device,
            events = new object[]
            {
                new { kind = "impression", noteId = note.Id },
                new { kind = "view", noteId = note.Id, dwellMs = 6000 },
                new { kind = "share", noteId = note.Id, channel = "link" },
            },
        });
        Assert.Equal(3, (await Api.ReadAsync<ReaderEventsAccepted>(response, HttpStatusCode.Accepted)).Counted);

        var stats = await PollAsync(async () => (await Api.ReadAsync<NoteResponse>(await reader.GetAsync($"/api/notes/{note.Id}"))).Stats,
            s => s is { Views: 1, Shares: 1 });
        Assert.Equal(0, stats!.Likes);

        var hit = await PollAsync(async () => (await Api.ReadAsync<SearchNotesResponse>(await reader.GetAsync("/api/search/notes?q=露营&sort=Popular"))).Items.SingleOrDefault(),
            h => h is { Engagement.Views: 1 });
        Assert.Equal(note.Id, hit!.Id);
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> until)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (until(value))
            {
                return value;
            }

            await Task.Delay(50, limit.Token);
        }
    }

    public void Dispose() => _platform.Dispose();
}
