using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Platform.Core.Media;

namespace Platform.Tests.Media;

/// <summary>
/// Small clips made by the pinned FFmpeg itself (lavfi test patterns, a second or so, tiny sizes), once per test run, and
/// what the tests need to look inside outputs (FFprobe, the top-level MP4 boxes).
/// </summary>
public static class VideoClips
{
    private static readonly Lazy<string> Folder = new(() => FfmpegBinaries.Resolve(null, AppContext.BaseDirectory));
    private static readonly DirectoryInfo Work = Directory.CreateTempSubdirectory("video-clips-");
    private static readonly Dictionary<string, byte[]> Made = [];

    public static string Ffmpeg => Path.Combine(Folder.Value, "ffmpeg");

    public static string Ffprobe => Path.Combine(Folder.Value, "ffprobe");

    /// <summary>1280x720 test pattern with a tone: big enough for both default renditions.</summary>
    public static byte[] Landscape720 => Make("landscape720.mp4",
        "-f lavfi -i testsrc=size=1280x720:rate=15:duration=1 -f lavfi -i sine=frequency=440:duration=1 "
        + "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest");

    /// <summary>1080x1920 portrait (as phones record it), half a second, silent: its poster is fitted into the detail edge.</summary>
    public static byte[] Portrait1080 => Make("portrait1080.mp4",
        "-f lavfi -i testsrc=size=1080x1920:rate=15:duration=0.5 -c:v libx264 -preset ultrafast -pix_fmt yuv420p");

    /// <summary>Stored 640x360 with a display matrix turning it a quarter (as phones record portrait): shown 360x640.</summary>
    public static byte[] Rotated
    {
        get
        {
            var plain = Make("plain360.mp4",
                "-f lavfi -i testsrc=size=640x360:rate=15:duration=1 -f lavfi -i sine=duration=1 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest");
            _ = plain;
            return Make("rotated.mp4", $"-i {Path.Combine(Work.FullName, "plain360.mp4")} -c copy -metadata:s:v:0 rotate=90");
        }
    }

    public static byte[] Silent => Make("silent.mp4",
        "-f lavfi -i testsrc=size=320x240:rate=15:duration=1 -c:v libx264 -preset ultrafast -pix_fmt yuv420p");

    /// <summary>HEVC as iPhones record it (the static build has libx265), tagged hvc1 for QuickTime.</summary>
    public static byte[] Hevc => Make("hevc.mov",
        "-f lavfi -i testsrc=size=320x240:rate=15:duration=1 -f lavfi -i sine=duration=1 -c:v libx265 -preset ultrafast "
        + "-x265-params log-level=error -tag:v hvc1 -pix_fmt yuv420p -c:a aac -shortest -f mov");

    public static byte[] WebM => Make("vp8.webm",
        "-f lavfi -i testsrc=size=320x240:rate=15:duration=1 -c:v libvpx -deadline realtime -b:v 200k -f webm");

    /// <summary>A valid clip whose track header declares 60000x60000 pixels (its stream is small): refused from the header.</summary>
    public static byte[] HugeDeclared() => Declaring(60000, 60000);

    /// <summary>1280x1280 (square, so its poster is 1280x1280: 1.6 megapixels), a second, silent.</summary>
    public static byte[] Square1280 => Make("square1280.mp4",
        "-f lavfi -i testsrc=size=1280x1280:rate=15:duration=1 -c:v libx264 -preset ultrafast -pix_fmt yuv420p");

    /// <summary><see cref="Silent"/> (a 320x240 stream) whose track header declares <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] Declaring(int width, int height)
    {
        var bytes = (byte[])Silent.Clone();
        var tkhd = bytes.AsSpan().IndexOf("tkhd"u8);
        var body = tkhd + 4;
        var offset = body + (bytes[body] == 1 ? 4 + 32 : 4 + 20); // version/flags, then the times, track id and duration
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset + 52), (uint)width << 16);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset + 56), (uint)height << 16);
        return bytes;
    }

    /// <summary>Top-level box types of an MP4, in file order.</summary>
    public static List<string> TopLevelBoxes(byte[] mp4)
    {
        var boxes = new List<string>();
        long position = 0;
        while (position + 8 <= mp4.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan((int)position));
            boxes.Add(Encoding.ASCII.GetString(mp4, (int)position + 4, 4));
            if (size == 1)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(mp4.AsSpan((int)position + 8));
            }

            if (size < 8)
            {
                break;
            }

            position += size;
        }

        return boxes;
    }

    /// <summary>FFprobe's view of a file: one line per stream, <c>codec_type,codec_name,width,height</c>, plus rotation tags.</summary>
    public static string Probe(byte[] content, string extension = "mp4")
    {
        var file = Path.Combine(Work.FullName, $"probe-{Guid.NewGuid():N}.{extension}");
        File.WriteAllBytes(file, content);
        try
        {
            return Run(Ffprobe, $"-v error -show_entries stream=codec_type,codec_name,width,height:stream_side_data=rotation -of csv=p=0 {file}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static byte[] Make(string name, string arguments)
    {
        lock (Made)
        {
            if (!Made.TryGetValue(name, out var bytes))
            {
                var output = Path.Combine(Work.FullName, name);
                Run(Ffmpeg, $"-nostdin -v error -y {arguments} {output}");
                bytes = File.ReadAllBytes(output);
                Made[name] = bytes;
            }

            return bytes;
        }
    }

    private static string Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {arguments} failed: {stderr.Result}");
        }

        return stdout.Result;
    }
}
