using System.Reflection;
using Platform.Azure.Messaging;
using Platform.Azure.Storage;
using Platform.Tests.Messaging;
using Platform.Tests.Storage;

namespace Platform.Tests.Support;

/// <summary>Marks a contract test class with the adapter it runs the suite against.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AdapterUnderTestAttribute(Type adapter) : Attribute
{
    public Type Adapter { get; } = adapter;
}

/// <summary>
/// Every adapter of a port runs every contract suite of that port; a pair left out says why here.
/// A contract suite is an abstract test class named *Contract whose abstract property exposes the port.
/// </summary>
public sealed class ContractCoverageTests
{
    private static readonly Dictionary<(Type Contract, Type Adapter), string> Exclusions = new()
    {
        [(typeof(DocumentQueryContract), typeof(CosmosDocumentStore))] =
            "@vercel/cosmosdb-server cannot answer SQL queries (the SDK's query-plan request fails); CosmosQueryTextTests pins the SQL sent to Azure.",
        [(typeof(MessageBusContract), typeof(ServiceBusMessageBus))] =
            "There is no Service Bus emulator here; ServiceBusMappingTests pin the messages it sends and ServiceBusTriggerTests the settle decisions.",
    };

    [Fact]
    public void Every_adapter_runs_every_contract_suite_of_its_port()
    {
        var tests = typeof(ContractCoverageTests).Assembly.GetTypes();
        var adapters = new[] { "Platform.Azure", "Platform.Embedded" }
            .SelectMany(name => Assembly.Load(name).GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .ToList();

        var missing = new List<string>();
        foreach (var contract in tests.Where(t => t.IsAbstract && t.Name.EndsWith("Contract", StringComparison.Ordinal)))
        {
            var port = PortOf(contract);
            var covered = tests
                .Where(t => !t.IsAbstract && contract.IsAssignableFrom(t))
                .Select(t => t.GetCustomAttribute<AdapterUnderTestAttribute>()?.Adapter)
                .ToHashSet();
            missing.AddRange(adapters
                .Where(a => port.IsAssignableFrom(a) && !covered.Contains(a) && !Exclusions.ContainsKey((contract, a)))
                .Select(a => $"{contract.Name} is not run against {a.Name}"));
        }

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Every_contract_test_class_names_its_adapter()
    {
        var unnamed = typeof(ContractCoverageTests).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.BaseType is { IsAbstract: true } b && b.Name.EndsWith("Contract", StringComparison.Ordinal))
            .Where(t => t.GetCustomAttribute<AdapterUnderTestAttribute>() is null)
            .Select(t => t.Name)
            .ToList();

        Assert.True(unnamed.Count == 0, "Add [AdapterUnderTest(typeof(...))] to: " + string.Join(", ", unnamed));
    }

    private static Type PortOf(Type contract) =>
        contract.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(p => p.GetMethod is { IsAbstract: true } && p.PropertyType.IsInterface)
            .Select(p => p.PropertyType)
            .Single();
}
