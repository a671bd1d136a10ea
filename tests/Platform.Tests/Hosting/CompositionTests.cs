using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Functions;
using Platform.Functions.Notes;

namespace Platform.Tests.Hosting;

/// <summary>
/// Both adapter sets wire up completely: every function class can be built in either mode. The Azure run needs no
/// Azure account, because clients connect lazily; it catches a port left without an Azure adapter.
/// </summary>
public sealed class CompositionTests
{
    public static TheoryData<string> Modes => new() { "Embedded", "Azure" };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Every_function_class_resolves(string mode)
    {
        using var provider = Build(mode);
        provider.GetRequiredService<IStartupValidator>().Validate(); // what ValidateOnStart checks when a host starts
        using var scope = provider.CreateScope();

        var functionClasses = typeof(NoteFunctions).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();
        Assert.NotEmpty(functionClasses);
        foreach (var type in functionClasses)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        }
    }

    [Fact]
    public void An_unknown_mode_is_refused_at_start()
    {
        Assert.ThrowsAny<Exception>(() => Build("Cloudy"));
    }

    /// <summary>Settings either composition starts with, offline: Azure endpoints that are never called, an embedded data folder.</summary>
    internal static Dictionary<string, string?> Settings(string mode, string dataPath) => new()
    {
        ["Platform:Mode"] = mode,
        ["Platform:Embedded:DataPath"] = dataPath,
        ["Platform:Auth:Issuer"] = "https://login.example/tenant/v2.0",
        ["Platform:Auth:Audience"] = "api://platform",
        [mode == "Azure" ? "Platform:Auth:Authority" : "Platform:Auth:SigningKey"] =
            mode == "Azure" ? "https://login.example/tenant/v2.0/" : Convert.ToBase64String(new byte[32]),
        ["Platform:Cosmos:AccountEndpoint"] = "https://platform-test.documents.azure.com:443/",
        ["Platform:Blob:ServiceUri"] = "https://platformtest.blob.core.windows.net/",
        ["Platform:Search:Endpoint"] = "https://platform-test.search.windows.net",
        ["Platform:ServiceBus:FullyQualifiedNamespace"] = "platform-test.servicebus.windows.net",
        ["Platform:Payments:WebhookSecret"] = mode == "Azure" ? "test-webhook-secret-0123456789" : null,
    };

    private static ServiceProvider Build(string mode)
    {
        var data = Directory.CreateTempSubdirectory("composition-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(mode, data)).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPlatform(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
