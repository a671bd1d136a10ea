using System.Text.Json.Nodes;
using Platform.Tests.Support;

namespace Platform.Tests.Infra;

/// <summary>
/// Every Bicep file under infra/ built and linted once per test run (three CLI runs with --pattern, a few seconds),
/// and the compiled ARM JSON loaded for the parity tests.
/// </summary>
public sealed class InfraBuild
{
    private static readonly Lazy<InfraBuild> Shared = new(() => new InfraBuild());

    private readonly string _templatesOut;
    private readonly string _parametersOut;
    private readonly Lazy<ArmDeployment> _main;
    private readonly Lazy<ArmDeployment> _eventGrid;

    private InfraBuild()
    {
        var output = Directory.CreateTempSubdirectory("platform-bicep-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        };
        _templatesOut = Path.Combine(output, "templates");
        _parametersOut = Path.Combine(output, "parameters");

        Runs =
        [
            BicepCli.Run("build", "--pattern", "infra/**/*.bicep", "--outdir", _templatesOut),
            BicepCli.Run("build-params", "--pattern", "infra/**/*.bicepparam", "--outdir", _parametersOut),
            BicepCli.Run("lint", "--pattern", "infra/**/*.bicep*"),
        ];
        // Loaded on first use, so that a file that does not compile fails the parity tests but leaves the per-file
        // build-and-lint tests to report its diagnostics.
        _main = new(() => Load("infra/main.bicep"));
        _eventGrid = new(() => Load("infra/eventgrid.bicep"));
    }

    public static InfraBuild Instance => Shared.Value;

    public static string InfraFolder => RepoPaths.Of("infra");

    /// <summary>Every .bicep and .bicepparam file, relative to the repository root with forward slashes.</summary>
    public static IEnumerable<string> SourceFiles =>
        Directory.EnumerateFiles(InfraFolder, "*.bicep*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith(".bicepparam", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public IReadOnlyList<BicepRun> Runs { get; }

    /// <summary>main.bicep compiled: the whole platform, modules inlined as nested deployments.</summary>
    public ArmDeployment Main => _main.Value;

    /// <summary>eventgrid.bicep compiled: the post-deploy Event Grid subscription.</summary>
    public ArmDeployment EventGrid => _eventGrid.Value;

    public IEnumerable<BicepDiagnostic> DiagnosticsFor(string sourceFile)
    {
        var full = Path.GetFullPath(RepoPaths.Of(sourceFile.Split('/')));
        return Runs.SelectMany(r => r.Diagnostics).Where(d => d.File == full).Distinct();
    }

    /// <summary>Where the build put the JSON compiled from a source file (templates and parameter files go to separate folders).</summary>
    public string CompiledPathOf(string sourceFile)
    {
        var relative = Path.GetRelativePath("infra", sourceFile);
        var folder = sourceFile.EndsWith(".bicepparam", StringComparison.Ordinal) ? _parametersOut : _templatesOut;
        return Path.Combine(folder, Path.ChangeExtension(relative, ".json"));
    }

    /// <summary>The values a compiled parameter file (<c>.bicepparam</c>) sets, by parameter name.</summary>
    public JsonObject ParametersOf(string parameterFile)
    {
        var json = JsonNode.Parse(File.ReadAllText(CompiledPathOf(parameterFile)))!;
        var values = new JsonObject();
        foreach (var (name, parameter) in json["parameters"]!.AsObject())
        {
            values[name] = parameter!["value"]?.DeepClone();
        }

        return values;
    }

    private ArmDeployment Load(string sourceFile)
    {
        var path = CompiledPathOf(sourceFile);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{sourceFile} did not compile:\n" + string.Join('\n', Runs.Select(r => $"bicep {r.Command} -> {r.ExitCode}\n{r.Output}")));
        }

        return new ArmDeployment(Path.GetFileNameWithoutExtension(sourceFile), JsonNode.Parse(File.ReadAllText(path))!.AsObject(), null, null);
    }
}
