using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Core.Messaging;
using Platform.Embedded.Storage;

namespace Platform.Embedded.Messaging;

public static class EmbeddedMessaging
{
    /// <summary>The durable queue (<c>messages.db</c> in the data folder), its dispatcher and the outbox relay loop.</summary>
    public static IServiceCollection AddEmbeddedMessaging(this IServiceCollection services)
    {
        services.AddOptions<EmbeddedMessagingOptions>().BindConfiguration(EmbeddedMessagingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new SqliteMessageQueue(
            new SqliteDatabase(Path.Combine(sp.GetRequiredService<IOptions<EmbeddedOptions>>().Value.FullDataPath, "messages.db")),
            sp.GetRequiredService<IEnumerable<MessageSubscription>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SqliteMessageQueue>>()));
        services.AddSingleton<IMessageBus>(sp => sp.GetRequiredService<SqliteMessageQueue>());
        services.AddSingleton<IDeadLetterQueue>(sp => sp.GetRequiredService<SqliteMessageQueue>());
        services.TryAddSingleton<Hosting.FirstAnswerGate>();
        services.AddSingleton<EmbeddedMessagePump>();
        services.AddSingleton<OutboxRelayLoop>();
        services.AddSingleton<IHostedService>(sp => new SwitchableHostedService(
            sp.GetRequiredService<IOptions<EmbeddedMessagingOptions>>().Value.RunDispatcher, sp.GetRequiredService<EmbeddedMessagePump>()));
        services.AddSingleton<IHostedService>(sp => new SwitchableHostedService(
            sp.GetRequiredService<IOptions<EmbeddedMessagingOptions>>().Value.RunDispatcher, sp.GetRequiredService<OutboxRelayLoop>()));
        return services;
    }

    private sealed class SwitchableHostedService(bool enabled, IHostedService inner) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => enabled ? inner.StartAsync(cancellationToken) : Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => enabled ? inner.StopAsync(cancellationToken) : Task.CompletedTask;
    }
}
