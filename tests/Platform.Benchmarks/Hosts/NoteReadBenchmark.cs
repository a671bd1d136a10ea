using System.Globalization;
using System.Net.Http.Headers;

namespace Platform.Benchmarks.Hosts;

/// <summary>
/// Note reads over real sockets (<c>-- note-read [seconds per phase] [connections] [rounds]</c>): <c>GET /api/notes/{id}</c>
/// on the Release embedded host, anonymous and signed in, against a bare Kestrel minimal API returning the same JSON, with
/// the same client and number of connections, phases interleaved round by round after a warm-up of each.
/// </summary>
internal static class NoteReadBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var warmUp = Phases.WarmUpOf(args);
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var phase = TimeSpan.FromSeconds(numbers.Length > 0 ? numbers[0] : 3);
        var connections = numbers.Length > 1 ? numbers[1] : 16;
        var rounds = numbers.Length > 2 ? numbers[2] : 3;
        HostProcess.BuildServers(args);
        var root = Directory.CreateTempSubdirectory("note-read-bench-");
        try
        {
            var seed = await PlatformSeed.CreateAsync(root.FullName);
            using var platform = HostProcess.StartPlatform(seed.DataPath);
            using var bare = HostProcess.StartBare(seed);
            var path = $"/api/notes/{seed.NoteId}";
            await platform.FirstAnswerAsync(path, TimeSpan.FromSeconds(60));
            await bare.FirstAnswerAsync(path, TimeSpan.FromSeconds(60));
            Console.WriteLine($"GET {path}: {connections} connections, {warmUp.TotalSeconds:F0} s warm-up and {rounds} rounds of {phase.TotalSeconds:F0} s per case, "
                + $"{Environment.ProcessorCount} cores, load average {LoadAverage.Now()}, .NET {Environment.Version}");

            using var load = new HttpLoad(connections);
            var cases = new (string Name, Uri Server, string? Token)[]
            {
                ("embedded host, anonymous", platform.Address, null),
                ("bare Kestrel, anonymous", bare.Address, null),
                ("embedded host, signed in", platform.Address, seed.ReaderToken),
                ("bare Kestrel, signed in", bare.Address, seed.ReaderToken),
            };
            var figures = await Phases.RunAsync(load, cases.Select(c => (c.Name, Request(c.Server, path, c.Token))).ToArray(), phase, rounds, warmUp);

            Console.WriteLine();
            foreach (var figure in figures)
            {
                Console.WriteLine(figure);
            }

            Console.WriteLine();
            Console.WriteLine($"anonymous: {figures[0].PerSecond / figures[1].PerSecond:F2}x bare Kestrel; "
                + $"signed in: {figures[2].PerSecond / figures[3].PerSecond:F2}x (requests/s); load average now {LoadAverage.Now()}");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    public static Func<int, int, HttpRequestMessage> Request(Uri server, string path, string? token) => (_, _) =>
    {
        var message = new HttpRequestMessage(HttpMethod.Get, new Uri(server, path));
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return message;
    };
}

/// <summary>Cases measured in turns: a warm-up of each, then <c>rounds</c> rounds in which the order rotates.</summary>
internal static class Phases
{
    /// <summary>
    /// Warm-up per case, <c>--warmup=seconds</c> (default 10): long enough for tiered compilation to finish. A server runs for
    /// hours; measured after one second, the embedded host (far more code than the bare app) was still compiling its hot
    /// path at full optimisation in the first round (a quarter of its CPU in the JIT), which the bare app was not.
    /// </summary>
    public static TimeSpan WarmUpOf(string[] args) =>
        TimeSpan.FromSeconds(args.FirstOrDefault(a => a.StartsWith("--warmup=", StringComparison.Ordinal)) is { } option
            ? int.Parse(option["--warmup=".Length..], CultureInfo.InvariantCulture)
            : 10);

    public static async Task<List<LoadFigures>> RunAsync(
        HttpLoad load, (string Name, Func<int, int, HttpRequestMessage> Request)[] cases, TimeSpan phase, int rounds, TimeSpan warmUp)
    {
        foreach (var (name, request) in cases)
        {
            await load.RunAsync(name, warmUp, request);
        }

        var results = cases.Select(_ => (Rounds: new List<LoadFigures>(), Latencies: new List<double>())).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < cases.Length; i++)
            {
                var index = (i + round) % cases.Length;
                var (figures, latencies) = await load.RunAsync(cases[index].Name, phase, cases[index].Request);
                results[index].Rounds.Add(figures);
                results[index].Latencies.AddRange(latencies);
            }
        }

        return cases.Select((c, i) => LoadFigures.Merge(c.Name, results[i].Rounds, results[i].Latencies)).ToList();
    }
}
