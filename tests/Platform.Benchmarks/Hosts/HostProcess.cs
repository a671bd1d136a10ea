using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.Benchmarks.Hosts;

/// <summary>
/// A server started as its own process (<c>dotnet app.dll</c>, Release build) on a free loopback port, as a consumption
/// plan starts a worker: the embedded local host, or the bare Kestrel baseline. Killed (with its children) on dispose.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, string dll, Uri address, Stopwatch sinceStart)
    {
        _process = process;
        Dll = dll;
        Address = address;
        SinceStart = sinceStart;
    }

    public Uri Address { get; }

    public string Dll { get; }

    /// <summary>Started just before the process was.</summary>
    public Stopwatch SinceStart { get; }

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>This checkout's Release build, or another build named by <c>PLATFORM_BENCH_LOCALHOST_DLL</c> (say, of an earlier commit).</summary>
    public static string LocalHostDll => Environment.GetEnvironmentVariable("PLATFORM_BENCH_LOCALHOST_DLL") is { Length: > 0 } other
        ? other
        : Path.Combine(RepositoryRoot, "functions", "Platform.LocalHost", "bin", "Release", "net10.0", "Platform.LocalHost.dll");

    public static string BareKestrelDll =>
        Path.Combine(RepositoryRoot, "tests", "Platform.Benchmarks.BareKestrel", "bin", "Release", "net10.0", "Platform.Benchmarks.BareKestrel.dll");

    /// <summary>Builds both servers in Release (skipped with <c>--no-build</c>).</summary>
    public static void BuildServers(string[] args)
    {
        if (args.Contains("--no-build"))
        {
            return;
        }

        foreach (var project in new[] { "functions/Platform.LocalHost", "tests/Platform.Benchmarks.BareKestrel" })
        {
            Dotnet($"build {project} -c Release -m:1 -v q -nologo");
        }
    }

    /// <summary>
    /// Publishes <paramref name="project"/> as it is deployed (Release, linux-x64, framework-dependent, ReadyToRun) into
    /// <paramref name="output"/> and returns its entry assembly.
    /// </summary>
    public static string Publish(string project, string output)
    {
        Dotnet($"publish {project} -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o \"{output}\" -m:1 -v q -nologo");
        return Path.Combine(output, Path.GetFileName(project) + ".dll");
    }

    private static void Dotnet(string arguments)
    {
        using var dotnet = Process.Start(new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = RepositoryRoot, RedirectStandardOutput = true })!;
        dotnet.StandardOutput.ReadToEnd();
        dotnet.WaitForExit();
        if (dotnet.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {arguments} failed");
        }
    }

    /// <summary>The embedded host with its data in <paramref name="dataPath"/>, logging warnings only.</summary>
    public static HostProcess StartPlatform(string dataPath, params string[] settings) => StartPlatformFrom(LocalHostDll, dataPath, settings);

    /// <summary>The embedded host of <paramref name="dll"/> (say, a published one) with its data in <paramref name="dataPath"/>.</summary>
    public static HostProcess StartPlatformFrom(string dll, string dataPath, params string[] settings) =>
        Start(dll, dataPath, ["--Platform:Embedded:DataPath=" + dataPath, .. settings]);

    /// <summary>
    /// The bare Kestrel app serving the seed's note answers at <c>GET /api/notes/{id}</c>, in a folder of its own as an app runs
    /// in its own content root: the template's defaults watch appsettings.json with an inotify watch on every folder under the
    /// content root, so starting it where the seed's data or a published host lies would slow it with the other app's folders.
    /// </summary>
    public static HostProcess StartBare(PlatformSeed seed, string? dll = null) =>
        Start(dll ?? BareKestrelDll, Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(seed.AnonymousJsonFile)!, "bare")).FullName,
            ["--NoteJson=" + seed.AnonymousJsonFile, "--SignedInNoteJson=" + seed.SignedInJsonFile]);

    private static HostProcess Start(string dll, string workingDirectory, string[] settings)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build it first (dotnet build -c Release): {dll}");
        }

        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { dll, "--urls", address.ToString(), "--Logging:LogLevel:Default=Warning" }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var sinceStart = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        // Drained so that a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new HostProcess(process, dll, address, sinceStart);
    }

    /// <summary>Polls <paramref name="path"/> until it answers 200 and returns the time since the process started.</summary>
    public async Task<TimeSpan> FirstAnswerAsync(string path, TimeSpan timeout)
    {
        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        while (SinceStart.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Address} exited with {_process.ExitCode} before answering");
            }

            try
            {
                using var response = await client.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return SinceStart.Elapsed;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet (refused, or the connection attempt timed out on a busy machine).
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"{Address}{path} did not answer 200 within {timeout}");
    }

    /// <summary>The server process's working set now, in MiB.</summary>
    public double WorkingSetMiB()
    {
        _process.Refresh();
        return _process.WorkingSet64 / 1024.0 / 1024.0;
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository (Platform.sln not found above " + AppContext.BaseDirectory + ")");
    }
}
