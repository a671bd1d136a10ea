using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Identity;
using Platform.Core.Media;
using Platform.Core.Storage;

namespace Platform.Benchmarks.Media;

/// <summary>
/// <c>--video N</c>: per clip, N rounds alternating the whole video pipeline (MediaProcessor with embedded stores: copy,
/// container check, FFprobe beside the poster, then the renditions beside the poster and its image work and blob writes, record) with
/// the bare FFmpeg commands it runs (the same poster and transcode arguments, same binary, one after the other), in the
/// same run. Reports median wall time and CPU time (this process and its waited-for children, so FFmpeg's and FFprobe's
/// work counts), the median per-round ratio, and the pipeline's CPU time in this process alone (image work, stores).
/// </summary>
public static class VideoPairedRun
{
    private const int WarmUpRuns = 40;

    public static void Run(int rounds)
    {
        var data = Directory.CreateTempSubdirectory("video-bench-");
        using var provider = EmbeddedServices.Create(data.FullName);
        var binaries = provider.GetRequiredService<FfmpegBinaries>();
        var videos = provider.GetRequiredService<VideoPipeline>();
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MediaOptions>>().Value;

        var clips = new (string Name, string Arguments)[]
        {
            ("1280x720 landscape, 3 s, 30 fps, AAC", "-f lavfi -i testsrc2=size=1280x720:rate=30:duration=3 -f lavfi -i sine=duration=3 -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -shortest"),
            ("1080x1920 portrait, 2 s, 30 fps, AAC", "-f lavfi -i testsrc2=size=1080x1920:rate=30:duration=2 -f lavfi -i sine=duration=2 -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -shortest"),

            // Notes' videos run 15-60 s: the pipeline's fixed cost per clip weighs less on them than on the short clips above.
            ("1280x720 landscape, 15 s, 30 fps, AAC", "-f lavfi -i testsrc2=size=1280x720:rate=30:duration=15 -f lavfi -i sine=duration=15 -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -shortest"),
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Video paired run: {rounds} rounds per clip, {Environment.ProcessorCount} cores, load average {LoadAverage()}, FFmpeg in {binaries.Folder}"));
        Console.WriteLine("| Clip | Pipeline wall ms | Bare FFmpeg wall ms | Wall ratio | Pipeline CPU ms | Bare CPU ms | CPU ratio | Pipeline CPU in-process ms | Load average after |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        // A worker that has processed a few uploads: the pipeline's own code (image work, stores, FFMpegCore) is past .NET's
        // first, unoptimised JIT tier, as it is in a host that has been running. Small clips, so this takes seconds.
        var warmUpClip = Path.Combine(data.FullName, "warm-up.mp4");
        Exec(binaries.Ffmpeg, $"-nostdin -v error -y -f lavfi -i testsrc2=size=640x360:rate=30:duration=1 -f lavfi -i sine=duration=1 -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -shortest {warmUpClip}");
        var warmUpBytes = File.ReadAllBytes(warmUpClip);
        for (var i = 0; i < WarmUpRuns; i++)
        {
            Process(provider, NewUpload(provider, warmUpBytes));
        }

        var warm = false;
        foreach (var (name, arguments) in clips)
        {
            var clip = Path.Combine(data.FullName, "clip.mp4");
            Exec(binaries.Ffmpeg, $"-nostdin -v error -y {arguments} {clip}");
            var bytes = File.ReadAllBytes(clip);
            var probe = videos.ProbeAsync(clip, default).GetAwaiter().GetResult();
            var plans = VideoPipeline.Plan(probe.Width, probe.Height, options.RenditionHeights());
            var bare = Path.Combine(data.FullName, "bare");
            Directory.CreateDirectory(bare);
            var posterCommand = videos.PosterArguments(clip, probe.Width, probe.Height, probe.DurationSeconds, Path.Combine(bare, "poster.png")).Arguments;
            var transcodeCommand = videos.TranscodeArguments(clip, plans, plans.Select(p => Path.Combine(bare, p.Name)).ToList()).Arguments;

            var wall = (Pipeline: new List<double>(), Bare: new List<double>());
            var cpu = (Pipeline: new List<double>(), Bare: new List<double>());
            var ownCpu = new List<double>();
            // One round first, for the first clip only, warms up (JIT, FFmpeg's binary in the page cache); the results drop it.
            for (var round = warm ? 0 : -1; round < rounds; round++)
            {
                var uploadName = NewUpload(provider, bytes);
                var (pw, pc, po) = Measure(() => Process(provider, uploadName));
                var (bw, bc, _) = Measure(() =>
                {
                    Exec(binaries.Ffmpeg, posterCommand);
                    Exec(binaries.Ffmpeg, transcodeCommand);
                });
                warm = true;
                if (round >= 0)
                {
                    wall.Pipeline.Add(pw);
                    cpu.Pipeline.Add(pc);
                    ownCpu.Add(po);
                    wall.Bare.Add(bw);
                    cpu.Bare.Add(bc);
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} -> {string.Join(" + ", plans.Select(p => p.Name))} | {Median(wall.Pipeline):0} | {Median(wall.Bare):0} | {Median(wall.Pipeline.Zip(wall.Bare, (a, b) => a / b)):0.00} | {Median(cpu.Pipeline):0} | {Median(cpu.Bare):0} | {Median(cpu.Pipeline.Zip(cpu.Bare, (a, b) => a / b)):0.00} | {Median(ownCpu):0} | {LoadAverage()} |"));
        }

        Console.WriteLine($"// Bare poster: ffmpeg {PosterFor(videos)}");
        data.Delete(recursive: true);
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string PosterFor(VideoPipeline videos) =>
        videos.PosterArguments("in.mp4", 1280, 720, 3, "poster.png").Arguments;

    private static string NewUpload(IServiceProvider provider, byte[] bytes)
    {
        var media = provider.GetRequiredService<MediaService>();
        var caller = new Caller("bench", null, new HashSet<string>(), new HashSet<string>());
        var slot = media.CreateUploadAsync(caller, new CreateUploadRequest("video/mp4", bytes.Length), default).GetAwaiter().GetResult();
        var uploadName = MediaProcessor.UploadName("bench", slot.MediaId);
        provider.GetRequiredService<IBlobStore>().PutAsync(BlobContainers.Uploads, uploadName, new MemoryStream(bytes), "video/mp4", default)
            .GetAwaiter().GetResult();
        return uploadName;
    }

    private static void Process(IServiceProvider provider, string uploadName)
    {
        var blobs = provider.GetRequiredService<IBlobStore>();
        using var upload = blobs.OpenReadAsync(BlobContainers.Uploads, uploadName, default).GetAwaiter().GetResult()!;
        var item = provider.GetRequiredService<MediaProcessor>().ProcessAsync(uploadName, upload, default).GetAwaiter().GetResult();
        if (item?.Status != MediaStatus.Ready)
        {
            throw new InvalidOperationException($"Not processed: {item?.Rejection?.Message}");
        }
    }

    private static void Exec(string program, string arguments)
    {
        using var process = System.Diagnostics.Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {arguments}: {errors}");
        }
    }

    /// <summary>Wall time; CPU time of this process plus its reaped children (utime, stime, cutime, cstime of /proc/self/stat,
    /// so FFmpeg's work counts); and of this process alone (the pipeline's own work: image work, FFMpegCore, stores).</summary>
    private static (double Wall, double Cpu, double OwnCpu) Measure(Action action)
    {
        var before = CpuTicks();
        var clock = Stopwatch.StartNew();
        action();
        var wall = clock.Elapsed.TotalMilliseconds;
        var after = CpuTicks();
        return (wall, (after.All - before.All) * 10.0, (after.Own - before.Own) * 10.0); // 100 ticks per second
    }

    private static (long All, long Own) CpuTicks()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return (Field(11) + Field(12) + Field(13) + Field(14), Field(11) + Field(12));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
