using Platform.Core.Media;

namespace Platform.Tests.Media;

/// <summary>Where the video pipeline finds FFmpeg, and what it says when it cannot.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FfmpegBinariesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ffmpeg-binaries-");

    [Fact]
    public void The_pinned_npm_build_is_found_from_the_app_folder()
    {
        var folder = FfmpegBinaries.Resolve(null, AppContext.BaseDirectory);

        Assert.True(File.Exists(Path.Combine(folder, "ffmpeg")));
        Assert.True(File.Exists(Path.Combine(folder, "ffprobe")));
        Assert.Equal(folder, FfmpegBinaries.Resolve(null, AppContext.BaseDirectory)); // one prepared folder, reused
    }

    [Fact]
    public void A_configured_folder_without_ffmpeg_is_an_error_that_names_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FfmpegBinaries.Resolve(_dir.FullName, AppContext.BaseDirectory));

        Assert.Contains("Platform:Media:FfmpegFolder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_ffmpeg_the_error_says_how_to_install_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FfmpegBinaries.Resolve(null, _dir.FullName));

        Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binaries_that_lost_their_executable_bit_are_copied_somewhere_they_can_run()
    {
        foreach (var name in new[] { "ffmpeg", "ffprobe" })
        {
            var path = Path.Combine(_dir.FullName, name);
            File.WriteAllText(path, "#!/bin/sh\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var folder = FfmpegBinaries.Resolve(_dir.FullName, AppContext.BaseDirectory);

        Assert.NotEqual(_dir.FullName, folder);
        Assert.True((File.GetUnixFileMode(Path.Combine(folder, "ffmpeg")) & UnixFileMode.UserExecute) != 0);
        Assert.True((File.GetUnixFileMode(Path.Combine(folder, "ffprobe")) & UnixFileMode.UserExecute) != 0);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
