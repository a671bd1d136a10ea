using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Azure.Search;
using Azure.Messaging.ServiceBus;
using Platform.Azure.Messaging;
using Platform.Azure.Payments;
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
        services.AddOptions<CosmosOptions>().BindConfiguration(CosmosOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var cosmos = sp.GetRequiredService<IOptions<CosmosOptions>>().Value;
            var credential = sp.GetRequiredService<IOptions<AzureOptions>>().Value.CreateCredential();
            return new CosmosClient(cosmos.AccountEndpoint!.ToString(), credential, new CosmosClientOptions { ApplicationName = "platform" });
        });
        services.AddSingleton<IDocumentStore>(sp => new CosmosDocumentStore(
            sp.GetRequiredService<CosmosClient>(), sp.GetRequiredService<IOptions<CosmosOptions>>().Value.DatabaseName));

        services.AddOptions<BlobOptions>().BindConfiguration(BlobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new BlobServiceClient(
            sp.GetRequiredService<IOptions<BlobOptions>>().Value.ServiceUri,
            sp.GetRequiredService<IOptions<AzureOptions>>().Value.CreateCredential()));
        services.AddSingleton<IBlobStore, AzureBlobStore>();
        services.AddAzureSearch();

        services.AddOptions<ServiceBusOptions>().BindConfiguration(ServiceBusOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IMessageBus>(sp => new ServiceBusMessageBus(new ServiceBusClient(
            sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value.FullyQualifiedNamespace,
            sp.GetRequiredService<IOptions<AzureOptions>>().Value.CreateCredential(),
            new ServiceBusClientOptions { Identifier = "platform" })));

        services.AddOptions<PaymentGatewayOptions>().BindConfiguration(PaymentGatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPaymentProvider>(sp =>
        {
            var gateway = sp.GetRequiredService<IOptions<PaymentGatewayOptions>>();
            return gateway.Value.IsConfigured
                ? new HttpPaymentGateway(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                {
                    Timeout = gateway.Value.Timeout,
                }, gateway)
                : new UnconfiguredPaymentProvider();
        });
        return services;
    }
}
