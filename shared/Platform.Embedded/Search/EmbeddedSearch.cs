using Microsoft.Extensions.DependencyInjection;
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
        return services;
    }
}
