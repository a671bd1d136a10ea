using BenchmarkDotNet.Running;
using Platform.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(MediaPipelineBenchmarks).Assembly).Run(args, new BenchmarkConfig());
