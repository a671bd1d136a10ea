using BenchmarkDotNet.Running;
using Platform.Benchmarks.Media;

if (args.Length > 0 && args[0] == "--paired")
{
    // On a shared machine, load drifts between benchmarks run one after another; alternating them round by round and
    // comparing CPU time as well as wall time keeps the ratio meaningful.
    PairedRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
    return;
}

if (args.Length > 0 && args[0] == "--video")
{
    // The video pipeline against the bare FFmpeg commands it runs, alternating in the same run (see VideoPairedRun).
    VideoPairedRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(MediaPipelineBenchmarks).Assembly).Run(args, new BenchmarkConfig());
