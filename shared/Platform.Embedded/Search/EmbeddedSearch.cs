using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Search;
using Platform.Embedded.Hosting;

namespace Platform.Embedded.Search;

public static class EmbeddedSearch
{
    /// <summary>The note index in <c>{data}/search/notes</c>, opened once per process (Lucene holds a write lock on it).</summary>
    public static IServiceCollection AddEmbeddedSearch(this IServiceCollection services)
    {
        services.AddSingleton<ISearchIndex>(sp => new LuceneSearchIndex(
            Path.Combine(sp.GetRequiredService<IOptions<EmbeddedOptions>>().Value.FullDataPath, "search", "notes"),
            sp.GetRequiredService<SearchRanking>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedServiceAfterFirstAnswer(sp => new SearchIndexWarmup(sp, sp.GetRequiredService<ILogger<SearchIndexWarmup>>()));
        return services;
    }

    /// <summary>
    /// Opens the index and loads SmartCn's dictionaries (about two seconds on first use) in the background once the host has
    /// answered its first request, so that neither the first answer (cold start) waits for them nor, usually, the first
    /// note's indexing.
    /// </summary>
    private sealed class SearchIndexWarmup(IServiceProvider services, ILogger<SearchIndexWarmup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = Task.Run(() =>
            {
                try
                {
                    (services.GetRequiredService<ISearchIndex>() as LuceneSearchIndex)?.Warm();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The first search or indexing opens it again and reports what is wrong there.
                    logger.LogWarning(e, "Warming the search index failed");
                }
            }, CancellationToken.None);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
