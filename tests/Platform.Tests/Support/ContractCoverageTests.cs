using System.Reflection;

namespace Platform.Tests.Support;

/// <summary>
/// Every adapter of a port runs every contract suite of that port (see <see cref="ContractCoverage"/>), counting the
/// suites run here (embedded adapters, WireMock-backed Azure adapters) and in Platform.Tests.Emulators (Azurite, Cosmos).
/// </summary>
public sealed class ContractCoverageTests
{
    // Referenced by this project only so that this check sees its contract classes; its tests run from its own project.
    private static readonly Assembly[] TestAssemblies =
    [
        typeof(ContractCoverageTests).Assembly,
        Assembly.Load("Platform.Tests.Emulators"),
    ];

    [Fact]
    public void Every_adapter_runs_every_contract_suite_of_its_port()
    {
        var missing = ContractCoverage.Missing(TestAssemblies);

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Every_contract_test_class_names_its_adapter()
    {
        var unnamed = ContractCoverage.Unnamed(TestAssemblies);

        Assert.True(unnamed.Count == 0, "Add [AdapterUnderTest(typeof(...))] to: " + string.Join(", ", unnamed));
    }

    [Fact]
    public void The_contract_suites_are_found()
    {
        Assert.Contains(ContractCoverage.ContractSuites(), t => t.Name == "DocumentStoreContract");
    }
}
