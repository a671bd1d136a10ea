using System.Diagnostics;
using System.Globalization;

namespace Platform.Benchmarks.Media;

/// <summary>
/// <c>--paired N</c>: N rounds, each running the pipeline and both bare SkiaSharp variants once, in turn. Reports the
/// median wall and CPU time of each and the median of the per-round ratios to bare SkiaSharp with scaled decode.
/// </summary>
public static class PairedRun
{
    public static void Run(int rounds)
    {
        var bench = new MediaPipelineBenchmarks();
        bench.Setup();
        var cases = new (string Name, Action Run)[]
        {
            ("Pipeline", () => { bench.NewUpload(); Measure(() => bench.Pipeline().GetAwaiter().GetResult()); }),
            ("ImageWorkOnly", () => Measure(() => bench.ImageWorkOnly())),
            ("BareScaledDecode", () => Measure(() => bench.BareScaledDecode())),
            ("BareFullDecode", () => Measure(() => bench.BareFullDecode())),
        };
        var wall = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var cpu = cases.ToDictionary(c => c.Name, _ => new List<double>());
        for (var round = -1; round < rounds; round++)
        {
            foreach (var (name, run) in cases)
            {
                run();
                if (round >= 0) // round -1 warms up
                {
                    wall[name].Add(_lastWall);
                    cpu[name].Add(_lastCpu);
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Paired run: {rounds} rounds, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        Console.WriteLine("| Case | Median wall ms | Median CPU ms | Wall ratio | CPU ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, _) in cases)
        {
            var wallRatio = Median(wall[name].Zip(wall["BareScaledDecode"], (a, b) => a / b));
            var cpuRatio = Median(cpu[name].Zip(cpu["BareScaledDecode"], (a, b) => a / b));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Median(wall[name]):0} | {Median(cpu[name]):0} | {wallRatio:0.00} | {cpuRatio:0.00} |"));
        }

        bench.CleanupPipeline();
    }

    private static double _lastWall;
    private static double _lastCpu;

    private static void Measure(Action action)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        _lastWall = clock.Elapsed.TotalMilliseconds;
        process.Refresh();
        _lastCpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
