using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Platform.Benchmarks;
using Platform.Core.Search;
using Platform.Embedded.Search;

// Host benchmarks over real sockets against a bare Kestrel app (tests/README.md, "Benchmarks and load tests").
switch (args.FirstOrDefault())
{
    case "flash-sale":
        await FlashSaleBenchmark.RunAsync(args[1..]);
        return;
    case "cold-start":
        await Platform.Benchmarks.Hosts.ColdStartBenchmark.RunAsync(args[1..]);
        return;
    case "note-read":
        await Platform.Benchmarks.Hosts.NoteReadBenchmark.RunAsync(args[1..]);
        return;
    case "search-load":
        await Platform.Benchmarks.Hosts.SearchLoadBenchmark.RunAsync(args[1..]);
        return;
    case "document-sizes":
        await Platform.Benchmarks.Hosts.DocumentSizes.RunAsync(args[1..]);
        return;
}

if (args.FirstOrDefault() == "events")
{
    // Reader-event ingestion against note reads (tests/README.md, "Reader events").
    await ReaderEventsBenchmark.RunAsync(args[1..]);
    return;
}

// Search figures (README, "Search figures"): the embedded engine (LuceneSearchIndex, what the API calls) against bare Lucene.NET
// doing the same work on the same corpus in the same run. Bare Lucene = IndexWriter.AddDocument of the same fields and an
// IndexSearcher running the same text query and topic filter for the top 20 by plain relevance, loading stored fields.
// Integrity figures: `-- integrity [notes]` (recall per evasion family, false positives, throughput against the previous engine).
if (args is ["integrity", ..])
{
    IntegrityFigures.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000);
    return;
}

// Search quality (tests/README.md, "Search quality"): NDCG@10 and zero-result rate on the labelled set, per family, with query
// understanding off (every word as typed) and on, in the same run: dotnet run -c Release --project tests/Platform.Benchmarks -- search-quality
if (args is ["search-quality", ..])
{
    await SearchQualityFigures.RunAsync();
    return;
}

// Feed evaluation (tests/README.md, "Feed evaluation"): dotnet run -c Release --project tests/Platform.Benchmarks -- feed [readers] [sessions]
if (args.Length > 0 && args[0] == "feed")
{
    FeedEvaluation.Run(args[1..]);
    return;
}

var noteCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var queryCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
const int Batch = 1000;
const int Rounds = 3;

var now = DateTimeOffset.UtcNow;
var notes = Corpus.Generate(noteCount, now);
var queries = Corpus.Queries(queryCount);
var root = System.IO.Directory.CreateTempSubdirectory("search-bench-");
Console.WriteLine($"{noteCount:N0} notes, {queries.Count} queries x {Rounds} rounds, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

try
{
    var options = new Platform.Core.Search.SearchOptions();
    using var engine = new LuceneSearchIndex(Path.Combine(root.FullName, "engine"), new SearchRanking(options), TimeProvider.System);
    engine.Warm();

    // Bare Lucene: same analyser and documents, added in batches of the same size and committed per batch.
    using var bareDirectory = FSDirectory.Open(Path.Combine(root.FullName, "bare"));
    using var analyzer = NoteFields.CreateAnalyzer();
    using var writer = new IndexWriter(bareDirectory, new IndexWriterConfig(NoteFields.Version, analyzer) { RAMBufferSizeMB = 64 });

    // Warm-up (JIT of the analysis and indexing chain) on throw-away indexes, so neither side pays it in the figures.
    var warmRoot = root.CreateSubdirectory("warm");
    using (var warmEngine = new LuceneSearchIndex(Path.Combine(warmRoot.FullName, "engine"), new SearchRanking(options), TimeProvider.System))
    using (var warmDirectory = FSDirectory.Open(Path.Combine(warmRoot.FullName, "bare")))
    using (var warmWriter = new IndexWriter(warmDirectory, new IndexWriterConfig(NoteFields.Version, analyzer)))
    {
        var warmNotes = Corpus.Generate(2 * Batch, now, seed: 1);
        foreach (var chunk in warmNotes.Chunk(Batch))
        {
            await warmEngine.UpsertAsync(chunk, default);
            IndexBare(warmWriter, chunk);
        }
    }

    // Indexing alternates engine and bare batch by batch (and which goes first), so both see the same machine load.
    var engineIndexing = new Stopwatch();
    var bareIndexing = new Stopwatch();
    var batchNumber = 0;
    foreach (var chunk in notes.Chunk(Batch))
    {
        if (batchNumber++ % 2 == 0)
        {
            await IndexEngineAsync(chunk);
            IndexBareTimed(chunk);
        }
        else
        {
            IndexBareTimed(chunk);
            await IndexEngineAsync(chunk);
        }
    }

    async Task IndexEngineAsync(NoteSearchDocument[] chunk)
    {
        engineIndexing.Start();
        await engine.UpsertAsync(chunk, default);
        engineIndexing.Stop();
    }

    void IndexBareTimed(NoteSearchDocument[] chunk)
    {
        bareIndexing.Start();
        IndexBare(writer, chunk);
        bareIndexing.Stop();
    }

    using var bareReader = DirectoryReader.Open(writer, applyAllDeletes: true);
    var bareSearcher = new IndexSearcher(bareReader);
    var queryBuilder = new NoteQueries(analyzer);

    Console.WriteLine();
    Console.WriteLine($"Indexing {noteCount:N0} notes in batches of {Batch} (commit per batch):");
    Console.WriteLine($"  engine  {noteCount / engineIndexing.Elapsed.TotalSeconds,10:N0} notes/s  ({engineIndexing.Elapsed.TotalSeconds:F1} s)");
    Console.WriteLine($"  bare    {noteCount / bareIndexing.Elapsed.TotalSeconds,10:N0} notes/s  ({bareIndexing.Elapsed.TotalSeconds:F1} s)");
    Console.WriteLine($"  ratio   {engineIndexing.Elapsed / bareIndexing.Elapsed:F2}x (engine time / bare time)");

    long bareHits = 0;
    long engineHits = 0;
    Func<(string[] Terms, string[] Topics), Task> bare = q =>
    {
        var top = bareSearcher.Search(queryBuilder.Text(q.Terms), NoteQueries.Topics(q.Topics), 20);
        foreach (var hit in top.ScoreDocs)
        {
            _ = bareSearcher.Doc(hit.Doc).Get(NoteFields.Title);
        }

        bareHits += top.TotalHits;
        return Task.CompletedTask;
    };
    Func<(string[] Terms, string[] Topics), Task> lean = async q =>
    {
        var result = await engine.SearchAsync(new NoteSearchQuery { Terms = q.Terms, Topics = q.Topics, IncludeHighlights = false, FacetCount = 0 }, default);
        engineHits += result.Total;
    };
    Func<(string[] Terms, string[] Topics), Task> full = async q =>
        await engine.SearchAsync(new NoteSearchQuery { Terms = q.Terms, Topics = q.Topics }, default);

    var runs = new (string Name, Func<(string[] Terms, string[] Topics), Task> Run, List<double> Ms)[]
    {
        ("bare Lucene (same query + filter, top 20 by relevance)", bare, []),
        ("engine, ranking blend only", lean, []),
        ("engine, blend + highlights + topic facets (the API)", full, []),
    };

    // Warm-up round (JIT, caches), then measured rounds with the three runs interleaved query by query.
    foreach (var q in queries)
    {
        foreach (var run in runs)
        {
            await run.Run(q);
        }
    }

    bareHits = engineHits = 0;
    for (var round = 0; round < Rounds; round++)
    {
        foreach (var q in queries)
        {
            foreach (var run in runs)
            {
                var clock = Stopwatch.StartNew();
                await run.Run(q);
                run.Ms.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
    }

    Console.WriteLine();
    Console.WriteLine($"Query latency over {queries.Count * Rounds} queries each (ms):");
    Console.WriteLine($"  {"",-56} {"p50",8} {"p99",8} {"mean",8}");
    foreach (var (name, _, ms) in runs)
    {
        ms.Sort();
        Console.WriteLine($"  {name,-56} {Percentile(ms, 50),8:F2} {Percentile(ms, 99),8:F2} {ms.Average(),8:F2}");
    }

    var baseline = runs[0].Ms;
    foreach (var (name, _, ms) in runs.Skip(1))
    {
        Console.WriteLine($"  {name}: p50 {Percentile(ms, 50) / Percentile(baseline, 50):F2}x, p99 {Percentile(ms, 99) / Percentile(baseline, 99):F2}x bare");
    }

    Console.WriteLine($"  same matches: {(bareHits == engineHits ? "yes" : "NO")} ({engineHits / Rounds:N0} hits per round)");
}
finally
{
    root.Delete(recursive: true);
}

static void IndexBare(IndexWriter writer, NoteSearchDocument[] chunk)
{
    foreach (var note in chunk)
    {
        writer.AddDocument(LuceneSearchIndex.ToLucene(note, note.Engagement!, engagementRate: 0));
    }

    writer.Commit();
}

static double Percentile(List<double> sorted, int p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
