using System.Globalization;

namespace Platform.Benchmarks.Hosts;

/// <summary>
/// Search under load (<c>-- search-load [seconds per phase] [connections] [notes]</c>): on one Release embedded host with
/// <c>notes</c> indexed notes, <c>GET /api/search/notes?q=</c> (queries rotating over the corpus's words and pairs) against
/// <c>GET /api/notes/{id}</c> in the same run and over the same connections: each alone, phases interleaved, then both at
/// once (half the connections each).
/// </summary>
internal static class SearchLoadBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var phase = TimeSpan.FromSeconds(numbers.Length > 0 ? numbers[0] : 3);
        var connections = numbers.Length > 1 ? numbers[1] : 16;
        var notes = numbers.Length > 2 ? numbers[2] : 300;
        const int Rounds = 3;
        HostProcess.BuildServers(args);
        var root = Directory.CreateTempSubdirectory("search-load-bench-");
        try
        {
            var seed = await PlatformSeed.CreateAsync(root.FullName, notes);
            using var platform = HostProcess.StartPlatform(seed.DataPath);
            var notePath = $"/api/notes/{seed.NoteId}";
            await platform.FirstAnswerAsync(notePath, TimeSpan.FromSeconds(60));
            var words = PlatformSeed.SearchWords;
            var queries = words.Concat(words.SelectMany(a => words.Where(b => b != a).Select(b => $"{a} {b}")))
                .Select(q => $"/api/search/notes?q={Uri.EscapeDataString(q)}").ToArray();
            Console.WriteLine($"{notes} notes, {queries.Length} distinct queries, {connections} connections, {Rounds} rounds of "
                + $"{phase.TotalSeconds:F0} s per case, {Environment.ProcessorCount} cores, load average {LoadAverage.Now()}, .NET {Environment.Version}");

            var read = NoteReadBenchmark.Request(platform.Address, notePath, token: null);
            Func<int, int, HttpRequestMessage> search = (worker, n) =>
                new HttpRequestMessage(HttpMethod.Get, new Uri(platform.Address, queries[(worker * 31 + n) % queries.Length]));
            using var load = new HttpLoad(connections);
            var alone = await Phases.RunAsync(load, [("note reads alone", read), ("searches alone", search)], phase, Rounds, Phases.WarmUpOf(args));

            // Both at once, half the connections each.
            using var searchers = new HttpLoad(Math.Max(1, connections / 2));
            using var readers = new HttpLoad(Math.Max(1, connections / 2));
            var both = await Task.WhenAll(
                searchers.RunAsync("searches, with note reads", phase * Rounds, search),
                readers.RunAsync("note reads, with searches", phase * Rounds, read));

            Console.WriteLine();
            foreach (var figure in alone)
            {
                Console.WriteLine(figure);
            }

            Console.WriteLine(both[0].Figures);
            Console.WriteLine(both[1].Figures);
            Console.WriteLine();
            Console.WriteLine($"searches/s relative to note reads/s: {alone[1].PerSecond / alone[0].PerSecond:F2}x; "
                + $"search p99 {alone[1].P99Ms:F1} ms vs note read p99 {alone[0].P99Ms:F1} ms; "
                + $"both at once {both[0].Figures.PerSecond / both[1].Figures.PerSecond:F2}x; load average now {LoadAverage.Now()}");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
