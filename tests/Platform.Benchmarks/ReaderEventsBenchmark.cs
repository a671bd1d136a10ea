using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Readers;
using Platform.Core.Storage;
using Platform.Embedded.Storage;

namespace Platform.Benchmarks;

/// <summary>
/// Reader-event ingestion against note reads, in one run on the embedded store (SQLite): requests of 50 events go through
/// the endpoint's service (validation, counting rules, group-committed batches) and the counters' consumer until every
/// counted event is in the note counters; then the same notes are read as <c>GET /api/notes/{id}</c> reads them (the note
/// and its counters). Prints events/s accepted and applied, note reads/s, and their ratio.
/// </summary>
internal static class ReaderEventsBenchmark
{
    private const int EventsPerRequest = 50;

    public static async Task RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 400;
        var noteCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        const int Senders = 4;
        const int Consumers = 8; // the embedded queue's default concurrency (Platform:Embedded:Messaging:Concurrency)
        var root = Directory.CreateTempSubdirectory("events-bench-");
        try
        {
            var store = new SqliteDocumentStore(new SqliteDatabase(Path.Combine(root.FullName, "documents.db")));
            var clock = TimeProvider.System;
            var now = clock.GetUtcNow();
            for (var i = 0; i < noteCount; i++)
            {
                var id = $"note{i}";
                await store.UpsertAsync(Collections.Notes, id, id, new Note
                {
                    Id = id, AuthorId = $"author{i % 50}", Title = $"露营清单 {i}", Body = "#露营", Topics = ["露营"], CreatedAt = now, UpdatedAt = now,
                }, default);
            }

            // The bus: an in-process channel standing in for the topic; the consumer applies reader.activity batches as the
            // community subscription does and drops the rest (engagement_changed for search and analytics is not measured here).
            var bus = new ChannelBus();
            var options = Options.Create(new ReaderEventsOptions { MaxEventsPerMinute = 1_000_000 });
            var counters = new CounterStore(store, new Outbox(store, bus, NullLogger<Outbox>.Instance), bus, clock, NullLogger<CounterStore>.Instance);
            var handler = new ReaderCountersHandler(new ReaderCounterBatcher(counters));
            var publisher = new ReaderActivityPublisher(bus, options);
            var ingestion = new ReaderEventIngestion(new NoteFactsCache(store, options, clock), new CountingRules(options, clock),
                new CallerRateLimiter(options, clock), publisher, options, clock);

            // Feeds concentrate on popular notes: which note an event is about follows a Zipf law (s = 1) over the notes.
            var random = new Random(12);
            var weights = Enumerable.Range(1, noteCount).Select(rank => 1.0 / rank).ToArray();
            var cumulative = new double[noteCount];
            for (double sum = 0, i = 0; i < noteCount; i++)
            {
                sum += weights[(int)i];
                cumulative[(int)i] = sum;
            }

            string NoteOf()
            {
                var index = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
                return $"note{(index < 0 ? ~index : index)}";
            }

            var bodies = Enumerable.Range(0, requests).Select(r => new ReaderEventsRequest($"bench-device-{r % 500:D6}-abcdef",
                Enumerable.Range(0, EventsPerRequest).Select(e => (ReaderEventItem?)(e % 5 == 4
                    ? new ReaderEventItem("view", NoteOf(), DwellMs: 3000 + random.Next(20_000))
                    : new ReaderEventItem("impression", NoteOf()))).ToList())).ToList();
            Console.WriteLine($"{requests:N0} requests x {EventsPerRequest} events over {noteCount:N0} notes (Zipf), {Senders} senders, "
                + $"{Consumers} concurrent deliveries, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

            long counted = 0;
            var applied = 0L;
            // Deliveries run concurrently, as Service Bus (MaxConcurrentCalls) and the embedded dispatcher run them.
            var consumer = Task.WhenAll(Enumerable.Range(0, Consumers).Select(_ => Task.Run(async () =>
            {
                await foreach (var message in bus.Reader.ReadAllAsync())
                {
                    if (message.Type == ReaderActivityBatch.MessageType)
                    {
                        await handler.HandleAsync(new IncomingMessage { Id = message.Id, Source = Destinations.Events, Type = message.Type, Body = message.Body }, default);
                        Interlocked.Add(ref applied, message.GetBatchSize());
                    }
                }
            })));

            var ingest = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < bodies.Count)
                {
                    var caller = i % 3 == 0 ? new Caller($"reader{i % 200}", null, new HashSet<string>(), new HashSet<string>()) : null;
                    var accepted = await ingestion.IngestAsync(caller, bodies[i], default);
                    Interlocked.Add(ref counted, accepted.Counted);
                }
            })));
            var acceptedIn = ingest.Elapsed;
            while (Interlocked.Read(ref applied) < counted)
            {
                await Task.Delay(5);
            }

            var appliedIn = ingest.Elapsed;
            bus.Complete();
            await consumer;

            // Check: the counters hold exactly what was counted.
            var stored = 0L;
            for (var i = 0; i < noteCount; i++)
            {
                var counts = await counters.ReadAsync(Subjects.Note($"note{i}"), default);
                stored += counts.GetValueOrDefault(CounterNames.Views) + counts.GetValueOrDefault(CounterNames.Impressions);
            }

            // Baseline in the same run: note reads as the API does them (the note, then its counters), the same number of reads
            // as events received.
            var reads = requests * EventsPerRequest;
            var read = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Senders).Select(s => Task.Run(async () =>
            {
                for (var i = s; i < reads; i += Senders)
                {
                    var id = $"note{(i * 7919) % noteCount}";
                    _ = await store.FindAsync<Note>(Collections.Notes, id, id, default);
                    _ = await counters.ReadAsync(Subjects.Note(id), default);
                }
            })));
            read.Stop();

            var received = requests * EventsPerRequest;
            var acceptedRate = received / acceptedIn.TotalSeconds;
            var appliedRate = counted / appliedIn.TotalSeconds;
            var readRate = reads / read.Elapsed.TotalSeconds;
            Console.WriteLine();
            Console.WriteLine($"events received {received:N0}, counted {counted:N0}, in counters {stored:N0}, in {publisher.MessagesSent:N0} messages");
            Console.WriteLine($"  accepted by the endpoint   {acceptedRate,10:N0} events/s  ({acceptedIn.TotalSeconds:F1} s)");
            Console.WriteLine($"  applied to note counters   {appliedRate,10:N0} events/s  ({appliedIn.TotalSeconds:F1} s, accept to last counter write)");
            Console.WriteLine($"  note reads (baseline)      {readRate,10:N0} reads/s   ({read.Elapsed.TotalSeconds:F1} s)");
            Console.WriteLine($"  ratio accepted / reads     {acceptedRate / readRate:F2}x");
            Console.WriteLine($"  ratio applied / reads      {appliedRate / readRate:F2}x");
            if (stored != counted)
            {
                Console.WriteLine($"  MISMATCH: counters hold {stored:N0}, {counted:N0} were counted");
                Environment.ExitCode = 1;
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            root.Delete(recursive: true);
        }
    }

    private static int GetBatchSize(this OutgoingMessage message) =>
        System.Text.Json.JsonSerializer.Deserialize<ReaderActivityBatch>(message.Body, Platform.Core.Common.PlatformJson.Options)!.Items.Count;

    /// <summary>The topic as an in-process channel (the benchmark's only consumer reads it).</summary>
    private sealed class ChannelBus : IMessageBus
    {
        private readonly Channel<OutgoingMessage> _channel = Channel.CreateUnbounded<OutgoingMessage>();

        public ChannelReader<OutgoingMessage> Reader => _channel.Reader;

        public void Complete() => _channel.Writer.Complete();

        public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken) => _channel.Writer.WriteAsync(message, cancellationToken).AsTask();

        public async Task PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
        {
            foreach (var message in messages)
            {
                await _channel.Writer.WriteAsync(message, cancellationToken);
            }
        }
    }
}
