using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Azure.Studio;

namespace Platform.Functions.Studio;

public static class StudioServices
{
    /// <summary>When a model endpoint is configured, the model-backed drafter replaces the offline one.</summary>
    public static IServiceCollection AddStudioHosting(this IServiceCollection services, IConfiguration configuration)
    {
        var model = configuration.GetSection(OpenAIOptions.Section).Get<OpenAIOptions>();
        if (model?.IsConfigured == true)
        {
            services.AddOpenAIDraftGenerator();
        }

        return services;
    }
}
