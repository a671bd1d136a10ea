using System.Reflection;
using Platform.Azure.Messaging;
using Platform.Azure.Storage;
using Platform.Tests.Messaging;
using Platform.Tests.Storage;

namespace Platform.Tests.Support;

/// <summary>
/// Every adapter of a port runs every contract suite of that port, in one test project or another; a pair left out
/// says why here. A contract suite is an abstract class named *Contract (in this library) whose abstract property exposes
/// the port; the classes running it live in the test projects.
/// </summary>
public static class ContractCoverage
{
    private static readonly Dictionary<(Type Contract, Type Adapter), string> Exclusions = new()
    {
        [(typeof(MessageBusContract), typeof(ServiceBusMessageBus))] =
            "There is no Service Bus emulator here; ServiceBusMappingTests pin the messages it sends and ServiceBusTriggerTests the settle decisions.",
    };

    /// <summary>The contract suites no class in <paramref name="testAssemblies"/> runs against an adapter of their port.</summary>
    public static IReadOnlyList<string> Missing(params Assembly[] testAssemblies)
    {
        var contracts = ContractSuites();
        var tests = testAssemblies.SelectMany(a => a.GetTypes()).ToList();
        var adapters = new[] { "Platform.Azure", "Platform.Embedded" }
            .SelectMany(name => Assembly.Load(name).GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .ToList();

        var missing = new List<string>();
        foreach (var contract in contracts)
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

        return missing;
    }

    /// <summary>Classes in <paramref name="testAssemblies"/> that run a contract suite without naming their adapter.</summary>
    public static IReadOnlyList<string> Unnamed(params Assembly[] testAssemblies) =>
        testAssemblies.SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && t.BaseType is { IsAbstract: true } b && b.Name.EndsWith("Contract", StringComparison.Ordinal))
            .Where(t => t.GetCustomAttribute<AdapterUnderTestAttribute>() is null)
            .Select(t => t.Name)
            .ToList();

    /// <summary>The abstract contract suites, all of which live in this library.</summary>
    public static IReadOnlyList<Type> ContractSuites() =>
        typeof(ContractCoverage).Assembly.GetTypes()
            .Where(t => t.IsAbstract && !t.IsSealed && t.Name.EndsWith("Contract", StringComparison.Ordinal))
            .ToList();

    private static Type PortOf(Type contract) =>
        contract.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(p => p.GetMethod is { IsAbstract: true } && p.PropertyType.IsInterface)
            .Select(p => p.PropertyType)
            .Single();
}
