using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Messaging;

namespace Platform.Core.Readers;

public static class ReadersExtensions
{
    /// <summary>The reader-events endpoint's service, its counting rules, the batch publisher and the counters' consumer.</summary>
    public static IServiceCollection AddReaderEvents(this IServiceCollection services)
    {
        services.AddOptions<ReaderEventsOptions>().BindConfiguration(ReaderEventsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReaderEventsOptions>, ReaderEventsOptionsValidator>();
        services.AddSingleton<NoteFactsCache>();
        services.AddSingleton<CountingRules>();
        services.AddSingleton<CallerRateLimiter>();
        services.AddSingleton<ReaderActivityPublisher>();
        services.AddSingleton<ReaderEventIngestion>();
        services.AddSingleton<ReaderCounterBatcher>();
        services.AddMessageHandler<ReaderCountersHandler>(Destinations.Events, Destinations.EventSubscriptions.Community);
        return services;
    }
}
