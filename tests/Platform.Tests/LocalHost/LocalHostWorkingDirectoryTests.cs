using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Platform.Tests.Support;

namespace Platform.Tests.LocalHost;

/// <summary>
/// The built local host runs from any working directory: it finds its settings, host.json and web client next to its
/// assembly (a published host is started from wherever the operator is), and keeps its data in the working directory.
/// </summary>
public sealed partial class LocalHostWorkingDirectoryTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("platform-localhost-").FullName;

    [Fact]
    public async Task The_host_started_from_another_directory_serves_the_api_and_the_web_client()
    {
        // The host's own build output (same configuration as this test assembly): bin/<Configuration>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var hostDll = RepoPaths.Of("functions", "Platform.LocalHost", "bin", output.Parent!.Name, output.Name, "Platform.LocalHost.dll");
        Assert.True(File.Exists(hostDll), $"Build the local host first: {hostDll}");
        Assert.False(File.Exists(Path.Combine(_workingDirectory, "appsettings.json")));

        var start = new ProcessStartInfo("dotnet", [hostDll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        using var host = Process.Start(start)!;
        try
        {
            var address = await ListeningAddressAsync(host);
            using var client = new HttpClient { BaseAddress = address };
            // The settings were found: embedded mode with its data in the working directory.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/openapi/v1.json", UriKind.Relative))).StatusCode);
            Assert.True(Directory.Exists(Path.Combine(_workingDirectory, ".platform-data")));
            // The web client next to the app is served at the root.
            var index = await client.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, index.StatusCode);
            Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }

    // The host logs "Now listening on: http://127.0.0.1:<port>" once it is ready; a failed start ends the process instead.
    private static async Task<Uri> ListeningAddressAsync(Process host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var errors = host.StandardError.ReadToEndAsync(timeout.Token);
        while (await host.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value);
            }
        }

        Assert.Fail("The host ended before listening: " + await errors);
        throw new UnreachableException();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);
}
