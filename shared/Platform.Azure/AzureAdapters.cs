using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Platform.Azure.Messaging;
using Platform.Azure.Payments;
using Platform.Azure.Search;
using Platform.Azure.Storage;
using Platform.Core.Commerce;
using Platform.Core.Messaging;
using Platform.Core.Storage;

namespace Platform.Azure;

public static class AzureAdapters
{
    /// <summary>Every port backed by an Azure managed service, reached with the app's managed identity.</summary>
    public static IServiceCollection AddAzureAdapters(this IServiceCollection services)
    {
        services.AddOptions<AzureOptions>().BindConfiguration(AzureOptions.Section);
        services.AddOptions<CosmosOptions>().BindConfiguration(CosmosOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CosmosOptions>, CosmosOptionsValidator>();

        services.AddSingleton(sp =>
        {
            var cosmos = sp.GetRequiredService<IOptions<CosmosOptions>>().Value;
            var credential = sp.GetRequiredService<IOptions<AzureOptions>>().Value.CreateCredential();
            return new CosmosClient(cosmos.AccountEndpoint!.ToString(), credential, new CosmosClientOptions { ApplicationName = "platform" });
        });
        services.AddSingleton<IDocumentStore>(sp => new CosmosDocumentStore(
            sp.GetRequiredService<CosmosClient>(), sp.GetRequiredService<IOptions<CosmosOptions>>().Value.DatabaseName));

        services.AddOptions<BlobOptions>().BindConfiguration(BlobOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BlobOptions>, BlobOptionsValidator>();
        services.AddSingleton(sp => new BlobServiceClient(
            sp.GetRequiredService<IOptions<BlobOptions>>().Value.ServiceUri,
            sp.GetRequiredService<IOptions<AzureOptions>>().Value.CreateCredential()));
        services.AddSingleton<IBlobStore, AzureBlobStore>();
        services.AddAzureSearch();

        services.AddOptions<ServiceBusOptions>().BindConfiguration(ServiceBusOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServiceBusOptions>, ServiceBusOptionsValidator>();
        services.AddSingleton<IMessageBus>(sp => new ServiceBusMessageBus(new ServiceBusClient(
            sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value.FullyQualifiedNamespace,
            sp.GetRequiredService<IOptions<AzureOptions>>().Value.CreateCredential(),
            new ServiceBusClientOptions { Identifier = "platform" })));

        services.AddOptions<PaymentGatewayOptions>().BindConfiguration(PaymentGatewayOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PaymentGatewayOptions>, PaymentGatewayOptionsValidator>();
        // The standard resilience handler: retries with backoff on 5xx, 408, 429 and network errors (POSTs included: every call
        // carries an Idempotency-Key, so a retry cannot charge twice), a timeout per attempt and in total, and a circuit breaker.
        services.AddHttpClient(HttpPaymentGateway.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var total = sp.GetRequiredService<IOptions<PaymentGatewayOptions>>().Value.Timeout;
                resilience.TotalRequestTimeout.Timeout = total;
                resilience.AttemptTimeout.Timeout = total / 3;
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, 2 * resilience.AttemptTimeout.Timeout.Ticks));
            });
        services.AddSingleton<IPaymentProvider>(sp =>
        {
            var gateway = sp.GetRequiredService<IOptions<PaymentGatewayOptions>>();
            return gateway.Value.IsConfigured
                ? new HttpPaymentGateway(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpPaymentGateway.ClientName), gateway)
                : new UnconfiguredPaymentProvider();
        });
        return services;
    }
}
