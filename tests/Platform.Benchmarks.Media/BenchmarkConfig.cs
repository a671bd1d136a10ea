using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Platform.Benchmarks.Media;

/// <summary>
/// Short runs (each operation takes a second or so): one warm-up and fifteen measured single invocations, in process so
/// the peak-memory column can read what each benchmark recorded.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(15)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(new PeakMemoryColumn());
        AddDiagnoser(MemoryDiagnoser.Default);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}

/// <summary>
/// Peak resident memory (native pixels included, which the managed allocation column misses) above the level at the
/// benchmark's start. Linux only: the peak is reset through /proc/self/clear_refs and read from VmHWM.
/// </summary>
public sealed class PeakMemoryColumn : IColumn
{
    public string Id => nameof(PeakMemoryColumn);

    public string ColumnName => "Peak RSS above start";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Metric;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Size;

    public string Legend => "Highest resident set size over the measured runs (after the first) minus the size before them (MiB)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        PeakMemory.Recorded.TryGetValue(benchmarkCase.Descriptor.WorkloadMethod.Name, out var mib)
            ? mib.ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
            : "n/a";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

public static class PeakMemory
{
    public static Dictionary<string, double> Recorded { get; } = [];

    private static long _start;

    /// <summary>Forgets the peak so far; call at the start of a benchmark.</summary>
    public static void Reset()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        // Hand memory freed by earlier benchmarks back to the system, or this one would reuse it without the peak rising.
        try
        {
            _ = MallocTrim(0);
        }
        catch (DllNotFoundException)
        {
        }
        catch (EntryPointNotFoundException)
        {
        }

        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5"); // 5: reset the peak resident set size to the current one
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        _start = Read("VmRSS");
    }

    public static void Record(string benchmark) => Recorded[benchmark] = (Read("VmHWM") - _start) / 1024.0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    private static long Read(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture); // kB
            }
        }

        return 0;
    }
}
