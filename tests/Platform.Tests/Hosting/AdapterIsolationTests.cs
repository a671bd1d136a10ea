using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Platform.Tests.Hosting;

/// <summary>
/// What each composition loads and starts (issue 17, cold start): the Functions app in Azure mode must not load or start the
/// embedded adapters (Lucene, SQLite, file blobs, timer loops), and the embedded host must not load the Azure SDKs. The
/// platform's assemblies are loaded into a fresh <see cref="AssemblyLoadContext"/>, so what the composition pulls in can be
/// read off that context, unaffected by whatever other tests loaded into this process; the composition is built (no network:
/// clients connect lazily), its ports resolved and its hosted services started and stopped.
/// </summary>
public sealed class AdapterIsolationTests
{
    private static readonly string[] EmbeddedOnly = ["Platform.Embedded", "Lucene.Net", "Microsoft.Data.Sqlite", "SQLitePCLRaw", "ICU4N", "SkiaSharp", "zxing"];
    // The Azure SDKs, not Platform.Azure itself: the shared start-up code names a few of its registration methods (OpenAI
    // drafting, Azure Monitor) in branches the embedded host never takes, which may load that small assembly, never its SDKs.
    private static readonly string[] AzureOnly = ["Microsoft.Azure.Cosmos", "Azure.Messaging.ServiceBus", "Azure.Storage.Blobs", "Azure.Search.Documents", "Azure.Identity"];
    private static readonly string[] Ports =
        ["Platform.Core.Storage.IDocumentStore", "Platform.Core.Storage.IBlobStore", "Platform.Core.Search.ISearchIndex", "Platform.Core.Messaging.IMessageBus"];

    [Fact]
    public async Task The_azure_composition_loads_and_starts_nothing_embedded()
    {
        var (loaded, hosted, ports) = await ComposeAsync("Azure");

        Assert.DoesNotContain(loaded, a => EmbeddedOnly.Any(name => a.StartsWith(name, StringComparison.Ordinal)));
        Assert.Contains(loaded, a => a.StartsWith("Microsoft.Azure.Cosmos", StringComparison.Ordinal));
        Assert.All(ports, p => Assert.StartsWith("Platform.Azure.", p, StringComparison.Ordinal));
        // Only the search index initialiser and telemetry: no queue pump, outbox relay, sweep loops or index warm-up.
        Assert.Equal(["OpenTelemetry.Extensions.Hosting.Implementation.TelemetryHostedService", "Platform.Azure.Search.AzureSearchIndexInitializer"], hosted);
    }

    [Fact]
    public async Task The_embedded_composition_loads_no_azure_sdk()
    {
        var (loaded, hosted, ports) = await ComposeAsync("Embedded");

        Assert.DoesNotContain(loaded, a => AzureOnly.Any(name => a.StartsWith(name, StringComparison.Ordinal)));
        Assert.All(ports, p => Assert.StartsWith("Platform.Embedded.", p, StringComparison.Ordinal));
        Assert.Contains("Platform.Embedded.Community.CounterSweepLoop", hosted);
        Assert.DoesNotContain("Platform.Azure.Search.AzureSearchIndexInitializer", hosted);
    }

    private static async Task<(List<string> Loaded, List<string> Hosted, List<string> Ports)> ComposeAsync(string mode)
    {
        var context = new IsolatedContext(AppContext.BaseDirectory);
        try
        {
            var data = Directory.CreateTempSubdirectory("isolation-").FullName;
            var settings = CompositionTests.Settings(mode, data);
            // The one start-up step that reaches Azure (create or update the index definition): off, there is no network.
            settings["Platform:Search:CreateIndexOnStart"] = "false";
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
            services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
            var platform = context.LoadFromAssemblyName(new AssemblyName("Platform.Functions"));
            platform.GetType("Platform.Functions.PlatformServices", throwOnError: true)!
                .GetMethod("AddPlatform")!.Invoke(null, [services, configuration]);

            await using var provider = services.BuildServiceProvider();
            var core = context.LoadFromAssemblyName(new AssemblyName("Platform.Core"));
            var ports = Ports.Select(name => provider.GetRequiredService(core.GetType(name, throwOnError: true)!).GetType().FullName!).ToList();
            if (mode == "Embedded")
            {
                // No request will come: open the gate that housekeeping waits behind (StartedAfterFirstAnswer), so it starts.
                var gate = context.LoadFromAssemblyName(new AssemblyName("Platform.Embedded")).GetType("Platform.Embedded.Hosting.FirstAnswerGate", throwOnError: true)!;
                gate.GetMethod("Answered")!.Invoke(provider.GetRequiredService(gate), []);
            }

            var hosted = provider.GetServices<IHostedService>().ToList();
            foreach (var service in hosted)
            {
                await service.StartAsync(CancellationToken.None);
            }

            foreach (var service in hosted.AsEnumerable().Reverse())
            {
                await service.StopAsync(CancellationToken.None);
            }

            var loaded = context.Assemblies.Select(a => a.GetName().Name!).Order().ToList();
            return (loaded, hosted.Select(h => Unwrapped(h).GetType().FullName!).Order().ToList(), ports);
        }
        finally
        {
            context.Unload();
        }
    }

    // Embedded housekeeping is started behind the first-answer gate by a wrapper (StartedAfterFirstAnswer): name what it started.
    private static object Unwrapped(IHostedService service) =>
        service.GetType().GetProperty("Started")?.GetValue(service) ?? service;

    /// <summary>
    /// The test's output folder as a fresh context: everything but the framework and Microsoft.Extensions (whose types —
    /// <see cref="IServiceCollection"/>, <see cref="IHostedService"/> — the test shares with it) loads anew here.
    /// </summary>
    private sealed class IsolatedContext(string directory) : AssemblyLoadContext("adapter-isolation", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            var simple = name.Name!;
            if (simple.StartsWith("System.", StringComparison.Ordinal) || simple.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || simple.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) || simple is "System" or "netstandard" or "mscorlib")
            {
                return null;
            }

            var path = Path.Combine(directory, simple + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
