using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Platform.Tests.Support;

namespace Platform.Tests.Infra;

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package. Restore puts it in the NuGet folder and the test
/// project records that path at build time (AssemblyMetadata "BicepCli"), so `dotnet test` needs no separate install.
/// </summary>
public static partial class BicepCli
{
    public static string Executable { get; } = Locate();

    /// <summary>Runs the CLI in the repository root and collects every diagnostic it prints, whatever its level.</summary>
    public static BicepRun Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + Executable);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("bicep " + string.Join(' ', arguments) + " did not finish in 5 minutes.");
        }

        var output = stdout.Result + stderr.Result;
        var diagnostics = output.Split('\n')
            .Select(line => DiagnosticLine().Match(line.TrimEnd('\r')))
            .Where(m => m.Success)
            .Select(m => new BicepDiagnostic(
                Path.GetFullPath(m.Groups["file"].Value), int.Parse(m.Groups["line"].Value), m.Groups["level"].Value,
                m.Groups["code"].Value, m.Groups["message"].Value))
            .ToList();
        return new BicepRun(string.Join(' ', arguments), process.ExitCode, output, diagnostics);
    }

    private static string Locate()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepCli")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Bicep CLI not found at '{path}': restore the test project (package Azure.Bicep.CommandLine.linux-x64).");
        }

        // NuGet keeps the executable bit on Linux; set it anyway in case an extraction tool dropped it.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
            }
        }

        return path;
    }

    // e.g. /repo/infra/main.bicep(12,7) : Warning no-unused-params: Parameter "x" is declared but never used. [https://...]
    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),(?<col>\d+)\) : (?<level>\w+) (?<code>[^:\s]+): (?<message>.*)$")]
    private static partial Regex DiagnosticLine();
}

public sealed record BicepRun(string Command, int ExitCode, string Output, IReadOnlyList<BicepDiagnostic> Diagnostics);

public sealed record BicepDiagnostic(string File, int Line, string Level, string Code, string Message)
{
    public override string ToString() => $"{Path.GetRelativePath(RepoPaths.Root, File)}({Line}) {Level} {Code}: {Message}";
}
