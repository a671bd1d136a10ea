using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Core.Messaging;
using Platform.Core.Storage;
using Platform.Embedded;
using Platform.Embedded.Messaging;
using Platform.Embedded.Storage;

namespace Platform.Tests.Messaging;

/// <summary>
/// The embedded messaging stack alone (durable queue, dispatcher, outbox relay, SQLite documents) on a data folder, as
/// the embedded host runs it, with test handlers. Dispose and build another on the same folder to "restart".
/// </summary>
public sealed class EmbeddedMessagingHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _started = [];

    private EmbeddedMessagingHost(ServiceProvider provider, string dataPath)
    {
        _provider = provider;
        DataPath = dataPath;
    }

    public string DataPath { get; }

    public IServiceProvider Services => _provider;

    public IMessageBus Bus => _provider.GetRequiredService<IMessageBus>();

    public MessageRecorder Recorder => _provider.GetRequiredService<MessageRecorder>();

    public SqliteMessageQueue Queue => _provider.GetRequiredService<SqliteMessageQueue>();

    /// <summary>Fast retries so the suite runs in seconds; a test can override any setting.</summary>
    public static async Task<EmbeddedMessagingHost> StartAsync(
        string? dataPath = null,
        Action<IServiceCollection>? handlers = null,
        IDictionary<string, string?>? settings = null,
        MessageRecorder? recorder = null,
        bool run = true)
    {
        dataPath ??= Directory.CreateTempSubdirectory("messaging-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["Platform:Embedded:DataPath"] = dataPath,
            ["Platform:Embedded:Messaging:RetryBaseDelay"] = "00:00:00.020",
            ["Platform:Embedded:Messaging:RetryMaxDelay"] = "00:00:00.200",
            ["Platform:Embedded:Messaging:MaxDeliveryCount"] = "4",
            ["Platform:Embedded:Messaging:PollInterval"] = "00:00:00.200",
            ["Platform:Embedded:Messaging:RunDispatcher"] = run ? "true" : "false",
            ["Platform:Messaging:Outbox:Grace"] = "00:00:00",
            ["Platform:Messaging:Outbox:Interval"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(recorder ?? new MessageRecorder());
        services.AddOptions<EmbeddedOptions>().BindConfiguration(EmbeddedOptions.Section);
        services.AddSingleton(sp => new SqliteDatabase(Path.Combine(dataPath, "documents.db")));
        services.AddSingleton<IDocumentStore, SqliteDocumentStore>();
        services.AddMessagingCore();
        handlers?.Invoke(services);
        services.AddEmbeddedMessaging();

        var host = new EmbeddedMessagingHost(services.BuildServiceProvider(), dataPath);
        // This host answers no requests: the pump and relay, which wait for a host's first answer, start at once.
        host._provider.GetRequiredService<Platform.Embedded.Hosting.FirstAnswerGate>().Answered();
        foreach (var hosted in host._provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(default);
            host._started.Add(hosted);
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Enumerable.Reverse(_started))
        {
            await hosted.StopAsync(default);
        }

        await _provider.DisposeAsync();
    }
}
