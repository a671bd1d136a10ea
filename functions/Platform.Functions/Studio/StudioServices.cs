using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Azure.Studio;
using Platform.Core.Studio;

namespace Platform.Functions.Studio;

public static class StudioServices
{
    /// <summary>
    /// The studio's host-side pieces: the suggestion queue (in-process until the message bus is wired) and, when a model
    /// endpoint is configured, the model-backed drafter in place of the offline one.
    /// </summary>
    public static IServiceCollection AddStudioHosting(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<InProcessSuggestionQueue>();
        services.TryAddSingleton<ISuggestionQueue>(sp => sp.GetRequiredService<InProcessSuggestionQueue>());
        services.AddHostedService(sp => sp.GetRequiredService<InProcessSuggestionQueue>());

        var model = configuration.GetSection(OpenAIOptions.Section).Get<OpenAIOptions>();
        if (model?.IsConfigured == true)
        {
            services.AddOpenAIDraftGenerator();
        }

        return services;
    }
}
