using Microsoft.Extensions.Options;

namespace Platform.Core.Media;

/// <summary>
/// Finds the pinned <c>ffmpeg</c> and <c>ffprobe</c> the video pipeline runs, in this order: the
/// <see cref="MediaOptions.FfmpegFolder"/> setting; an <c>ffmpeg/</c> folder next to the app (where publishing the Functions
/// app copies them); the npm packages installed by <c>npm ci</c> in the repository's <c>tools/ffmpeg</c> (found by walking up
/// from the app, so the local host, tests and benchmarks share one copy). FFMpegCore wants both in one executable folder, so
/// when they are apart (npm keeps one package each) or not executable (a read-only, zip-mounted deployment may drop the mode),
/// they are linked or copied into a folder under the temp directory once.
/// </summary>
public sealed class FfmpegBinaries(IOptions<MediaOptions> options)
{
    /// <summary>The two npm packages, relative to <c>tools/ffmpeg</c>.</summary>
    public const string NpmFfmpeg = "node_modules/@ffmpeg-installer/linux-x64/ffmpeg";

    public const string NpmFfprobe = "node_modules/@ffprobe-installer/linux-x64/ffprobe";

    private readonly Lazy<string> _folder = new(() => Resolve(options.Value.FfmpegFolder, AppContext.BaseDirectory));

    /// <summary>A folder holding executable <c>ffmpeg</c> and <c>ffprobe</c>; throws with instructions when there is none.</summary>
    public string Folder => _folder.Value;

    public string Ffmpeg => Path.Combine(Folder, ExecutableName("ffmpeg"));

    public string Ffprobe => Path.Combine(Folder, ExecutableName("ffprobe"));

    internal static string Resolve(string? configured, string appBase)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Usable(Path.Combine(configured, ExecutableName("ffmpeg")), Path.Combine(configured, ExecutableName("ffprobe")))
                ?? throw new InvalidOperationException(
                    $"Platform:Media:FfmpegFolder is '{configured}' but it does not hold executable ffmpeg and ffprobe.");
        }

        var published = Path.Combine(appBase, "ffmpeg");
        if (Usable(Path.Combine(published, ExecutableName("ffmpeg")), Path.Combine(published, ExecutableName("ffprobe"))) is { } ready)
        {
            return ready;
        }

        for (var dir = new DirectoryInfo(appBase); dir is not null; dir = dir.Parent)
        {
            var tools = Path.Combine(dir.FullName, "tools", "ffmpeg");
            if (File.Exists(Path.Combine(tools, "package.json"))
                && Usable(Path.Combine(tools, NpmFfmpeg), Path.Combine(tools, NpmFfprobe)) is { } installed)
            {
                return installed;
            }
        }

        throw new InvalidOperationException(
            "FFmpeg was not found. Run `npm ci` in tools/ffmpeg (building the local host does it for you on Linux x64), "
            + "or set Platform:Media:FfmpegFolder to a folder with ffmpeg and ffprobe (e.g. /usr/bin on a machine with FFmpeg installed).");
    }

    /// <summary>The folder to use for these two files, preparing one when they are apart or not executable; null when missing.</summary>
    private static string? Usable(string ffmpeg, string ffprobe)
    {
        if (!File.Exists(ffmpeg) || !File.Exists(ffprobe))
        {
            return null;
        }

        var folder = Path.GetDirectoryName(ffmpeg)!;
        if (OperatingSystem.IsWindows()
            || (folder == Path.GetDirectoryName(ffprobe) && IsExecutable(ffmpeg) && IsExecutable(ffprobe)))
        {
            return folder;
        }

        var info = new FileInfo(ffmpeg);
        // Named by the source's path and size (a stable hash: string.GetHashCode differs per process), so every process of a
        // deployment reuses one prepared copy.
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ffmpeg)))[..12];
        var prepared = Path.Combine(Path.GetTempPath(), "platform-ffmpeg", $"{key}-{info.Length:x}");
        Directory.CreateDirectory(prepared);
        if (OperatingSystem.IsWindows())
        {
            return folder;
        }

        Place(ffmpeg, Path.Combine(prepared, "ffmpeg"));
        Place(ffprobe, Path.Combine(prepared, "ffprobe"));
        return prepared;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Place(string source, string target)
    {
        if (File.Exists(target) && IsExecutable(target))
        {
            return;
        }

        if (IsExecutable(source))
        {
            File.Delete(target);
            File.CreateSymbolicLink(target, source);
            return;
        }

        // Not executable where it lies, and perhaps not allowed to change that (a read-only deployment): copy it out.
        var partial = target + ".partial";
        File.Copy(source, partial, overwrite: true);
        File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Move(partial, target, overwrite: true);
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;

    private static string ExecutableName(string name) => OperatingSystem.IsWindows() ? name + ".exe" : name;
}
