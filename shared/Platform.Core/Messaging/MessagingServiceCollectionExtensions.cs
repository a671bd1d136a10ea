using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Core.Common;

namespace Platform.Core.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>What every transport needs: the dispatcher, processed-message records, the outbox and its relay.</summary>
    public static IServiceCollection AddMessagingCore(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>();
        services.TryAddSingleton<ProcessedMessages>();
        services.TryAddSingleton<MessageDispatcher>();
        services.TryAddSingleton<Outbox>();
        services.TryAddSingleton<OutboxRelay>();
        return services;
    }

    /// <summary>
    /// Binds <typeparamref name="THandler"/> to a queue (<paramref name="subscription"/> null) or to one subscription of a topic,
    /// e.g. <c>services.AddMessageHandler&lt;NoteIndexer&gt;(Destinations.Events, subscription: Destinations.EventSubscriptions.Search)</c>.
    /// One handler per queue or subscription; the embedded dispatcher and the Service Bus-triggered functions both call it.
    /// </summary>
    public static IServiceCollection AddMessageHandler<THandler>(this IServiceCollection services, string source, string? subscription = null)
        where THandler : class, IMessageHandler
    {
        if (!Ids.IsWellFormed(source) || (subscription is not null && !Ids.IsWellFormed(subscription)))
        {
            throw new ArgumentException("Queue, topic and subscription names are letters, digits, '-' or '_'.");
        }

        services.TryAddScoped<THandler>();
        services.AddSingleton(new MessageSubscription(source, subscription, typeof(THandler)));
        return services;
    }

    /// <summary>
    /// Makes the documents of <paramref name="collection"/> an outbox: the events in their <c>pendingEvents</c> are relayed to
    /// the bus (by a background loop embedded, a timer-triggered function in Azure) and then cleared.
    /// </summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, string collection)
    {
        services.AddSingleton(new OutboxCollection(collection));
        return services;
    }
}
