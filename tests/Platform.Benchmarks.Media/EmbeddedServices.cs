using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Core;
using Platform.Embedded;

namespace Platform.Benchmarks.Media;

/// <summary>The platform's core services on the embedded adapters, with their data in <c>dataPath</c> and no logging.</summary>
internal static class EmbeddedServices
{
    public static ServiceProvider Create(string dataPath)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:Embedded:DataPath"] = dataPath,
            ["Platform:Auth:Issuer"] = "bench",
            ["Platform:Auth:Audience"] = "bench",
            ["Platform:Auth:SigningKey"] = Convert.ToBase64String(new byte[32]),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPlatformCore();
        services.AddEmbeddedAdapters();
        return services.BuildServiceProvider();
    }
}
