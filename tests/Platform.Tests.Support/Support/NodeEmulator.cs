using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.Tests.Support;

/// <summary>
/// Runs an emulator from tests/emulators (npm) on a free loopback port for the life of a test fixture.
/// Installs the pinned npm packages first when they are missing, so `dotnet test` works on a fresh clone.
/// </summary>
public sealed class NodeEmulator : IDisposable
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly Process _process;

    private NodeEmulator(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts <c>node_modules/.bin/{bin}</c> with arguments built from a free port, and waits until it accepts connections.</summary>
    public static async Task<NodeEmulator> StartAsync(string bin, Func<int, string[]> arguments, string? workingDirectory = null)
    {
        var emulators = RepoPaths.Of("tests", "emulators");
        await EnsureInstalledAsync(emulators);

        var port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory ?? emulators,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(emulators, "node_modules", ".bin", bin));
        foreach (var argument in arguments(port))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {bin}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var emulator = new NodeEmulator(process, port);
        var deadline = Stopwatch.StartNew();
        while (!await AcceptsAsync(port))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                emulator.Dispose();
                throw new InvalidOperationException($"{bin} did not start listening on port {port}.");
            }

            await Task.Delay(100);
        }

        return emulator;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    // Reinstalls when package.json, the lock file or a patch changed since the last install (a stamp in node_modules).
    public static async Task EnsureInstalledAsync(string emulators)
    {
        await InstallLock.WaitAsync();
        try
        {
            var stamp = Path.Combine(emulators, "node_modules", ".platform-stamp");
            var wanted = InstallFingerprint(emulators);
            if (File.Exists(stamp) && await File.ReadAllTextAsync(stamp) == wanted)
            {
                return;
            }

            var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error") { WorkingDirectory = emulators })
                ?? throw new InvalidOperationException("npm is needed to install the test emulators.");
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {emulators} failed with exit code {npm.ExitCode}.");
            }

            await File.WriteAllTextAsync(stamp, wanted);
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static string InstallFingerprint(string emulators)
    {
        var patches = Path.Combine(emulators, "patches");
        var files = new[] { "package.json", "package-lock.json" }.Select(f => Path.Combine(emulators, f))
            .Concat(Directory.Exists(patches) ? Directory.GetFiles(patches).Order(StringComparer.Ordinal) : []);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in files.Where(File.Exists))
        {
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
