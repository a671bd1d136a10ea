using System.Globalization;

namespace Platform.Benchmarks.Hosts;

/// <summary>
/// Cold start (<c>-- cold-start [runs]</c>): the Release embedded host and a bare Kestrel minimal API, each started as a new
/// process <c>runs</c> times, alternating which goes first; time from process start to the first 200 of
/// <c>GET /api/notes/{id}</c> (the same note, the same JSON), and the working set then and after the host settles. With
/// <c>--published</c>, both apps are first published as a consumption plan runs them (ReadyToRun for linux-x64) and those
/// are measured.
/// </summary>
internal static class ColdStartBenchmark
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(string[] args)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 5;
        HostProcess.BuildServers(args);
        var root = Directory.CreateTempSubdirectory("cold-start-bench-");
        try
        {
            var seed = await PlatformSeed.CreateAsync(root.FullName);
            var path = $"/api/notes/{seed.NoteId}";
            var published = args.Contains("--published");
            var platformDll = published ? HostProcess.Publish("functions/Platform.LocalHost", Path.Combine(root.FullName, "published-host")) : HostProcess.LocalHostDll;
            var bareDll = published ? HostProcess.Publish("tests/Platform.Benchmarks.BareKestrel", Path.Combine(root.FullName, "published-bare")) : HostProcess.BareKestrelDll;
            Console.WriteLine($"{runs} cold starts each{(published ? " (published, ReadyToRun)" : "")}, {Environment.ProcessorCount} cores, "
                + $"load average {LoadAverage.Now()}, .NET {Environment.Version}");
            var platform = new List<(double Ms, double AtAnswer, double Settled)>();
            var bare = new List<(double Ms, double AtAnswer, double Settled)>();
            for (var run = 0; run < runs; run++)
            {
                if (run % 2 == 0)
                {
                    platform.Add(await MeasureAsync(() => HostProcess.StartPlatformFrom(platformDll, seed.DataPath), path));
                    bare.Add(await MeasureAsync(() => HostProcess.StartBare(seed, bareDll), path));
                }
                else
                {
                    bare.Add(await MeasureAsync(() => HostProcess.StartBare(seed, bareDll), path));
                    platform.Add(await MeasureAsync(() => HostProcess.StartPlatformFrom(platformDll, seed.DataPath), path));
                }
            }

            Console.WriteLine();
            Console.WriteLine($"{"",-30} {"embedded host",14} {"bare Kestrel",14} {"ratio",7}");
            Row("first answer, median ms", Median(platform, r => r.Ms), Median(bare, r => r.Ms));
            Row("working set at answer, MiB", Median(platform, r => r.AtAnswer), Median(bare, r => r.AtAnswer));
            Row($"working set +{Settle.TotalSeconds:F0} s, MiB", Median(platform, r => r.Settled), Median(bare, r => r.Settled));
            Console.WriteLine($"runs (ms): host {string.Join(", ", platform.Select(r => r.Ms.ToString("F0", CultureInfo.InvariantCulture)))}; "
                + $"bare {string.Join(", ", bare.Select(r => r.Ms.ToString("F0", CultureInfo.InvariantCulture)))}; load average now {LoadAverage.Now()}");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static async Task<(double Ms, double AtAnswer, double Settled)> MeasureAsync(Func<HostProcess> start, string path)
    {
        using var host = start();
        var elapsed = await host.FirstAnswerAsync(path, TimeSpan.FromSeconds(120));
        var atAnswer = host.WorkingSetMiB();
        await Task.Delay(Settle);
        var result = (elapsed.TotalMilliseconds, atAnswer, host.WorkingSetMiB());
        Console.WriteLine($"  {Path.GetFileNameWithoutExtension(host.Dll)}: first answer {result.Item1:F0} ms, {result.atAnswer:F0} MiB, {result.Item3:F0} MiB settled (load {LoadAverage.Now()})");
        return result;
    }

    private static double Median<T>(List<T> values, Func<T, double> of)
    {
        var sorted = values.Select(of).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void Row(string name, double host, double bare) => Console.WriteLine($"{name,-30} {host,14:F0} {bare,14:F0} {host / bare,6:F2}x");
}

/// <summary>The machine's 1-minute load average (Linux), printed with every figure: the machine is shared.</summary>
internal static class LoadAverage
{
    public static string Now() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
