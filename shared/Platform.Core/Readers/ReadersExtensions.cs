using Microsoft.Extensions.DependencyInjection;

namespace Platform.Core.Readers;

public static class ReadersExtensions
{
    /// <summary>The reader-events endpoint's service, its counting rules and the batch publisher.</summary>
    public static IServiceCollection AddReaderEvents(this IServiceCollection services)
    {
        services.AddOptions<ReaderEventsOptions>().BindConfiguration(ReaderEventsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NoteFactsCache>();
        services.AddSingleton<CountingRules>();
        services.AddSingleton<CallerRateLimiter>();
        services.AddSingleton<ReaderActivityPublisher>();
        services.AddSingleton<ReaderEventIngestion>();
        return services;
    }
}
