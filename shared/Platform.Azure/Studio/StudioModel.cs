using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using Platform.Core.Studio;

namespace Platform.Azure.Studio;

public static class StudioModel
{
    /// <summary>
    /// Drafts with the configured model instead of the offline drafter. Registered only when <c>Platform:OpenAI:Endpoint</c>
    /// is set, in either mode (a local OpenAI-compatible server works with the embedded adapters too).
    /// </summary>
    public static IServiceCollection AddOpenAIDraftGenerator(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<OpenAIOptions>, OpenAIOptionsValidator>();
        services.AddOptions<OpenAIOptions>().BindConfiguration(OpenAIOptions.Section)
            // A run longer than its lease would be drafted a second time by a redelivery of the same job.
            .Validate<IOptions<StudioOptions>>(
                (o, studio) => o.WorstCaseDuration < studio.Value.JobLease,
                "Platform:OpenAI attempts × timeout + backoffs must stay under Platform:Studio:JobLease (and host.json's maxAutoLockRenewalDuration).")
            .ValidateOnStart();
        services.AddOptions<AzureOptions>().BindConfiguration(AzureOptions.Section);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OpenAIOptions>>().Value;
            return CreateChatClient(options, options.IsAzure ? sp.GetRequiredService<IOptions<AzureOptions>>().Value.CreateCredential() : null);
        });
        services.AddSingleton<IDraftGenerator>(sp => new OpenAIDraftGenerator(
            sp.GetRequiredService<ChatClient>(),
            sp.GetRequiredService<IOptions<OpenAIOptions>>().Value,
            sp.GetRequiredService<ILogger<OpenAIDraftGenerator>>()));
        return services;
    }

    /// <summary>
    /// Azure OpenAI with a managed identity when no key is set, otherwise an OpenAI-compatible client. The SDK's own
    /// retries are off: <see cref="OpenAIDraftGenerator"/> retries, so every attempt is counted and reported.
    /// </summary>
    public static ChatClient CreateChatClient(OpenAIOptions options, TokenCredential? credential, PipelineTransport? transport = null)
    {
        // The generator enforces its own timeout per attempt; the network timeout only has to be longer.
        var networkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds + 30);
        if (options.IsAzure)
        {
            var azureOptions = new AzureOpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = networkTimeout };
            if (transport is not null)
            {
                azureOptions.Transport = transport;
            }

            return new AzureOpenAIClient(options.Endpoint!, credential ?? throw new ArgumentNullException(nameof(credential)), azureOptions).GetChatClient(options.Deployment);
        }

        var openAIOptions = new OpenAIClientOptions { Endpoint = options.Endpoint, RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = networkTimeout };
        if (transport is not null)
        {
            openAIOptions.Transport = transport;
        }

        return new ChatClient(options.Deployment, new ApiKeyCredential(options.ApiKey!), openAIOptions);
    }
}
