using System.Globalization;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Microsoft.Extensions.Options;

namespace Platform.Core.Media;

/// <summary>What FFprobe found in a video; <see cref="Width"/> and <see cref="Height"/> as displayed (after the display matrix).</summary>
public sealed record VideoProbe(double DurationSeconds, int Width, int Height, int Rotation, string Codec, bool HasAudio);

/// <summary>One playable rendition to make: <c>{ShortEdge}p.mp4</c> at <see cref="Width"/> x <see cref="Height"/>.</summary>
public sealed record VideoRenditionPlan(int ShortEdge, int Width, int Height)
{
    public string Name => $"{ShortEdge.ToString(CultureInfo.InvariantCulture)}p.mp4";
}

/// <summary>
/// The FFmpeg half of video processing, through FFMpegCore: probe (FFprobe reads the headers and stream parameters), a poster
/// frame (one frame decoded near the start, as PNG for <see cref="ImagePipeline"/>), and H.264/AAC MP4 renditions, all sizes
/// from one decode (<c>split</c>), with the index up front (<c>+faststart</c>) so playback starts before the download ends.
/// FFmpeg's autorotate applies the display matrix while decoding, so outputs are upright and carry no rotation. Metadata of the
/// original (GPS location, device, chapters) is not copied.
/// </summary>
public sealed class VideoPipeline(FfmpegBinaries binaries, IOptions<MediaOptions> options)
{
    private readonly MediaOptions _options = options.Value;

    /// <summary>The decoder refuses any frame with more pixels than the edge limit allows (a square of it), whatever the
    /// headers said: a stream that lies about its size, or grows mid-stream, is stopped before it is decoded.</summary>
    private string MaxPixels => string.Create(CultureInfo.InvariantCulture, $"-max_pixels {(long)_options.MaxVideoEdge * _options.MaxVideoEdge}");

    private FFOptions Ff => new() { BinaryFolder = binaries.Folder, TemporaryFilesFolder = Path.GetTempPath() };

    /// <summary>Probes <paramref name="path"/>; a file FFprobe cannot read, or one with no video stream, is corrupt.</summary>
    public async Task<VideoProbe> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(path, ffOptions: Ff, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is FFProbeException or FFMpegException or FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new MediaRejectedException(MediaRejections.Corrupt, "The video cannot be read: it is truncated, corrupt or in an unknown format.");
        }

        var video = analysis.PrimaryVideoStream
            ?? throw new MediaRejectedException(MediaRejections.Corrupt, "The file has no video stream.");
        var (codedWidth, codedHeight, rotation) = ((int?)video.Width ?? 0, (int?)video.Height ?? 0, (int?)video.Rotation ?? 0);
        if (codedWidth <= 0 || codedHeight <= 0)
        {
            throw new MediaRejectedException(MediaRejections.Corrupt, "The video stream declares no picture size.");
        }

        var quarterTurns = (((rotation % 360) + 360) % 360) / 90;
        var (width, height) = quarterTurns % 2 == 1 ? (codedHeight, codedWidth) : (codedWidth, codedHeight);
        var duration = Math.Max(analysis.Duration.TotalSeconds, video.Duration.TotalSeconds);
        return new VideoProbe(duration, width, height, rotation, video.CodecName ?? "unknown", analysis.PrimaryAudioStream is not null);
    }

    /// <summary>The renditions for a video displayed at <paramref name="width"/> x <paramref name="height"/>: each configured
    /// short edge not above the original's, or the original's size alone when every one is (never enlarged). Even sizes, as
    /// 4:2:0 H.264 needs.</summary>
    public static IReadOnlyList<VideoRenditionPlan> Plan(int width, int height, IReadOnlyList<int> shortEdges)
    {
        var shortEdge = Math.Min(width, height);
        var plans = new List<VideoRenditionPlan>();
        foreach (var target in shortEdges.Where(e => e <= shortEdge).Select(e => Even(e)).Distinct())
        {
            var scale = (double)target / shortEdge;
            plans.Add(new VideoRenditionPlan(target, Even(width * scale), Even(height * scale)));
        }

        if (plans.Count == 0)
        {
            plans.Add(new VideoRenditionPlan(Even(shortEdge), Even(width), Even(height)));
        }

        return plans;
    }

    /// <summary>When the poster frame is taken: a second in (past fades from black), or halfway through a shorter clip.</summary>
    public static double PosterTime(double durationSeconds) => Math.Clamp(durationSeconds / 2, 0, 1);

    /// <summary>The FFmpeg command for the poster of a video displayed at <paramref name="width"/> x <paramref name="height"/>
    /// lasting <paramref name="durationSeconds"/>: one frame (<see cref="PosterTime"/>), fitted into the detail edge, as PNG.</summary>
    public FFMpegArgumentProcessor PosterArguments(string source, int width, int height, double durationSeconds, string output)
    {
        var (w, h) = ImagePipeline.Fit(width, height, _options.DetailEdge);
        var at = PosterTime(durationSeconds).ToString("0.###", CultureInfo.InvariantCulture);
        return FFMpegArguments
            .FromFileInput(source, verifyExists: true, o => o.WithCustomArgument($"-nostdin -nostats -v error {MaxPixels} -ss {at}"))
            .OutputToFile(output, overwrite: true, o => o.WithCustomArgument(
                $"-map 0:v:0 -frames:v 1 -vf scale={w}:{h}:flags=area -c:v png -compression_level 1 -f image2 -update 1"));
    }

    /// <summary>The FFmpeg command for the renditions: one decode, split into each size; <paramref name="outputs"/> match
    /// <paramref name="plans"/>. An audio track (the first) is re-encoded as stereo AAC; a silent video stays silent.</summary>
    public FFMpegArgumentProcessor TranscodeArguments(string source, IReadOnlyList<VideoRenditionPlan> plans, IReadOnlyList<string> outputs)
    {
        var graph = plans.Count == 1
            ? $"[0:v]scale={plans[0].Width}:{plans[0].Height}[v0]"
            : $"[0:v]split={plans.Count}{string.Concat(plans.Select((_, i) => $"[s{i}]"))};"
                + string.Join(';', plans.Select((p, i) => $"[s{i}]scale={p.Width}:{p.Height}[v{i}]"));
        var perOutput = plans.Select((_, i) =>
            $"-map [v{i}] -map 0:a:0? -c:v libx264 -preset {_options.VideoPreset} -crf {_options.VideoCrf} -pix_fmt yuv420p "
            + $"-c:a aac -b:a {_options.VideoAudioKbps}k -ac 2 -movflags +faststart -map_metadata -1 -map_chapters -1 -f mp4").ToList();

        // FFMpegCore writes one output file; the others go, with their own options, before it.
        var leading = string.Concat(Enumerable.Range(1, plans.Count - 1).Select(i => $"{perOutput[i]} -y {Quote(outputs[i])} "));
        return FFMpegArguments
            .FromFileInput(source, verifyExists: true, o => o.WithCustomArgument($"-nostdin -nostats -v error {MaxPixels}"))
            .OutputToFile(outputs[0], overwrite: true, o => o.WithCustomArgument(
                $"-filter_complex \"{graph}\" {leading}{perOutput[0]}"));
    }

    /// <summary>Runs an FFmpeg command; a failure of FFmpeg on this input is the file's fault (corrupt).</summary>
    public async Task RunAsync(FFMpegArgumentProcessor arguments, string what, CancellationToken cancellationToken)
    {
        try
        {
            // CancellableThrough registers the token (FFmpeg is asked to quit, then killed); the overload taking it does the same.
#pragma warning disable CA2016
            await arguments.CancellableThrough(cancellationToken).ProcessAsynchronously(throwOnError: true, Ff);
#pragma warning restore CA2016
        }
        catch (FFMpegException e)
        {
            // Stopped on purpose (FFmpeg is killed): its exit code says nothing about the file.
            cancellationToken.ThrowIfCancellationRequested();
            throw new MediaRejectedException(MediaRejections.Corrupt, $"The video cannot be decoded ({what}): {LastLine(e.Message)}");
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "FFmpeg failed";

    private static int Even(double value) => Math.Max(2, (int)Math.Round(value / 2) * 2);

    private static string Quote(string path) => $"\"{path}\"";
}
