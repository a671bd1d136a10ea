using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Tests.Support;

namespace Platform.Tests.Infra;

/// <summary>Every Bicep file compiles and passes the linter with no diagnostic at all (bicepconfig.json makes every rule an error).</summary>
public sealed class BicepFilesTests
{
    public static TheoryData<string> Files => new(InfraBuild.SourceFiles);

    [Theory]
    [MemberData(nameof(Files))]
    public void Builds_and_lints_without_a_warning_or_an_error(string file)
    {
        var build = InfraBuild.Instance;

        var diagnostics = build.DiagnosticsFor(file).ToList();
        Assert.True(diagnostics.Count == 0, string.Join('\n', diagnostics));
        Assert.True(File.Exists(build.CompiledPathOf(file)), $"No compiled output for {file}.");
    }

    [Fact]
    public void Every_cli_run_exits_cleanly()
    {
        var failed = InfraBuild.Instance.Runs.Where(r => r.ExitCode != 0 || r.Diagnostics.Count > 0).ToList();
        Assert.True(failed.Count == 0, string.Join("\n\n", failed.Select(r => $"bicep {r.Command} -> {r.ExitCode}\n{r.Output}")));
    }

    [Fact]
    public void The_harness_sees_a_linter_finding_and_reports_it_as_an_error()
    {
        // A file with an unused parameter, linted with our bicepconfig.json: proves the rules are errors and the parsing works.
        var folder = Directory.CreateTempSubdirectory("platform-bicep-probe-").FullName;
        try
        {
            File.Copy(RepoPaths.Of("infra", "bicepconfig.json"), Path.Combine(folder, "bicepconfig.json"));
            var probe = Path.Combine(folder, "probe.bicep");
            File.WriteAllText(probe, "param unused string\n");

            var run = BicepCli.Run("lint", probe);

            Assert.NotEqual(0, run.ExitCode);
            var finding = Assert.Single(run.Diagnostics, d => d.Code == "no-unused-params");
            Assert.Equal("Error", finding.Level);
            Assert.Equal(Path.GetFullPath(probe), finding.File);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_linter_rule_is_an_error_except_the_two_that_depend_on_the_date_or_a_registry()
    {
        // use-recent-api-versions turns red by itself as the calendar moves; use-recent-module-versions asks a registry.
        string[] off = ["use-recent-api-versions", "use-recent-module-versions"];
        var config = JsonNode.Parse(
            File.ReadAllText(RepoPaths.Of("infra", "bicepconfig.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        var rules = config["analyzers"]!["core"]!["rules"]!.AsObject();

        Assert.True(config["analyzers"]!["core"]!["enabled"]!.GetValue<bool>());
        Assert.True(rules.Count >= 30, "Expected the full rule list, found " + rules.Count);
        foreach (var (rule, setting) in rules)
        {
            Assert.Equal(off.Contains(rule) ? "off" : "error", setting!["level"]!.GetValue<string>());
        }
    }
}
