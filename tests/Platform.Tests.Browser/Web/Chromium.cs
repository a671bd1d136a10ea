using System.Diagnostics;
using Platform.Tests.Support;

namespace Platform.Tests.Web;

/// <summary>
/// The Chromium the journeys drive: Debian's when installed, else the Linux x64 build inside the npm package
/// @sparticuz/chromium, pinned by tests/browser/package-lock.json and installed on first use (as the emulators are).
/// Never a Playwright browser download.
/// </summary>
public static class Chromium
{
    private const string Debian = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Lock = new(1, 1);
    private static string? _path;

    /// <summary>
    /// Arguments for launching it headless in a container: no sandbox (no user namespaces as root), software rendering.
    /// Multi-process: the package's serverless <c>--single-process</c> mode crashes the browser on screenshots of these pages.
    /// </summary>
    public static IReadOnlyList<string> NpmArguments { get; } =
    [
        "--headless=shell", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>Arguments for Debian's chromium (sandbox off: containers have no user namespaces).</summary>
    public static IReadOnlyList<string> DebianArguments { get; } =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>The arguments for the browser <see cref="ExecutablePathAsync"/> chose.</summary>
    public static IReadOnlyList<string> Arguments => _path == Debian ? DebianArguments : NpmArguments;

    /// <summary>The browser's executable; the first call may install the npm package and unpack the binary (seconds).</summary>
    public static async Task<string> ExecutablePathAsync()
    {
        await Lock.WaitAsync();
        try
        {
            return _path ??= File.Exists(Debian) ? Debian : await FromNpmAsync();
        }
        finally
        {
            Lock.Release();
        }
    }

    // executablePath() unpacks the brotli-compressed binary into the temp folder (once per machine) and returns its path.
    private static async Task<string> FromNpmAsync()
    {
        var folder = RepoPaths.Of("tests", "browser");
        await NodeEmulator.EnsureInstalledAsync(folder);

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--input-type=module", "-e", "import chromium from '@sparticuz/chromium'; console.log(await chromium.executablePath());"])
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node is needed to unpack the test browser.");
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        var path = (await output).Trim();
        if (node.ExitCode != 0 || !File.Exists(path))
        {
            throw new InvalidOperationException($"@sparticuz/chromium did not unpack a browser (exit {node.ExitCode}): {await errors}");
        }

        return path;
    }
}
