using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Core.Search;

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
        services.AddHostedService<SearchIndexWarmup>();
        return services;
    }

    /// <summary>
    /// Opens the index when the host starts rather than on the first search or event: SmartCn loads its dictionaries (about
    /// two seconds) on first use, which would otherwise delay the first note's indexing.
    /// </summary>
    private sealed class SearchIndexWarmup(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            (services.GetRequiredService<ISearchIndex>() as LuceneSearchIndex)?.Warm();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
