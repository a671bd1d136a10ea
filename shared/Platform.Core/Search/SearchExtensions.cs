using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Messaging;

namespace Platform.Core.Search;

public static class SearchExtensions
{
    /// <summary>The search API and the indexer; the adapters register <see cref="ISearchIndex"/>.</summary>
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SearchOptions>, SearchOptionsValidator>();
        services.AddSingleton(sp => new SearchRanking(sp.GetRequiredService<IOptions<SearchOptions>>().Value));
        services.AddSingleton<SearchService>();
        services.AddOptions<SearchLogOptions>().BindConfiguration(SearchLogOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SearchLogOptions>, SearchLogOptionsValidator>();
        services.AddSingleton<SearchLog>();
        services.AddSingleton<TrendingSearches>();
        services.AddSingleton<NoteIndexer>();
        services.AddSingleton<EngagementBatcher>();
        services.AddMessageHandler<SearchIndexHandler>(Destinations.Events, Destinations.EventSubscriptions.Search);
        return services;
    }
}
