using Azure.Search.Documents.Indexes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Search;

namespace Platform.Azure.Search;

public static class AzureSearch
{
    /// <summary>The note index on Azure AI Search, reached with the app's managed identity.</summary>
    public static IServiceCollection AddAzureSearch(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>()
            .Validate(o => o.Endpoint is { Scheme: "https" }, "Platform:Search:Endpoint must be the https endpoint of the Azure AI Search service.");
        services.AddSingleton(sp => new SearchIndexClient(
            sp.GetRequiredService<IOptions<SearchOptions>>().Value.Endpoint!,
            sp.GetRequiredService<IOptions<AzureOptions>>().Value.CreateCredential(),
            AzureSearchIndex.ClientOptions()));
        services.AddSingleton(sp => new AzureSearchIndex(
            sp.GetRequiredService<SearchIndexClient>(), sp.GetRequiredService<IOptions<SearchOptions>>().Value));
        services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<AzureSearchIndex>());
        services.AddHostedService<AzureSearchIndexInitializer>();
        return services;
    }
}

/// <summary>
/// Creates or updates the index definition when the app starts. A failure (a definition the service refuses, a missing role
/// assignment) stops the start-up with the service's answer: an app running against a missing or outdated index fails
/// every search and every indexing message later, far from the cause.
/// </summary>
internal sealed class AzureSearchIndexInitializer(AzureSearchIndex index, IOptions<SearchOptions> options, ILogger<AzureSearchIndexInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CreateIndexOnStart)
        {
            return;
        }

        try
        {
            await index.EnsureIndexAsync(cancellationToken);
        }
        catch (Exception e) when (e is global::Azure.RequestFailedException or global::Azure.Identity.AuthenticationFailedException)
        {
            logger.LogCritical(e, "Could not create or update search index {IndexName}", options.Value.IndexName);
            throw new InvalidOperationException(
                $"Could not create or update the search index '{options.Value.IndexName}' on {options.Value.Endpoint}: {e.Message} " +
                "(a refused definition is a Platform:Search setting to fix; 403 means the app identity lacks Search Service Contributor).", e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
