using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Messaging;
using Platform.Embedded.Hosting;
using Platform.Embedded.Storage;

namespace Platform.Embedded.Messaging;

public static class EmbeddedMessaging
{
    /// <summary>The durable queue (<c>messages.db</c> in the data folder), its dispatcher and the outbox relay loop.</summary>
    public static IServiceCollection AddEmbeddedMessaging(this IServiceCollection services)
    {
        services.AddOptions<EmbeddedMessagingOptions>().BindConfiguration(EmbeddedMessagingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmbeddedMessagingOptions>, EmbeddedMessagingOptionsValidator>();
        services.AddSingleton(sp => new SqliteMessageQueue(
            new SqliteDatabase(Path.Combine(sp.GetRequiredService<IOptions<EmbeddedOptions>>().Value.FullDataPath, "messages.db")),
            sp.GetRequiredService<IEnumerable<MessageSubscription>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SqliteMessageQueue>>()));
        services.AddSingleton<IMessageBus>(sp => sp.GetRequiredService<SqliteMessageQueue>());
        services.AddSingleton<IDeadLetterQueue>(sp => sp.GetRequiredService<SqliteMessageQueue>());
        services.AddSingleton<EmbeddedMessagePump>();
        services.AddSingleton<OutboxRelayLoop>();
        services.AddHostedServiceAfterFirstAnswer(sp => RunsDispatcher(sp) ? sp.GetRequiredService<EmbeddedMessagePump>() : null);
        services.AddHostedServiceAfterFirstAnswer(sp => RunsDispatcher(sp) ? sp.GetRequiredService<OutboxRelayLoop>() : null);
        return services;
    }

    private static bool RunsDispatcher(IServiceProvider services) =>
        services.GetRequiredService<IOptions<EmbeddedMessagingOptions>>().Value.RunDispatcher;
}
