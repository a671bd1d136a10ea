using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Core.Community;
using Platform.Core.Integrity;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

public static class CommerceServiceCollectionExtensions
{
    /// <summary>Catalogue, carts, checkout, the order workflow and payment webhooks. The payment provider and the transport
    /// of messages come from the adapters.</summary>
    public static IServiceCollection AddCommerce(this IServiceCollection services)
    {
        services.AddOptions<CommerceOptions>().BindConfiguration(CommerceOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CommerceOptions>, CommerceOptionsValidator>();
        services.AddOptions<PaymentOptions>().BindConfiguration(PaymentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PaymentOptions>, PaymentOptionsValidator>();
        services.AddSingleton<StockLedger>();
        services.AddSingleton<CatalogService>();
        services.AddSingleton<CartService>();
        services.AddSingleton<OrderWorkflow>();
        services.AddSingleton<UnpaidHoldLimits>();
        services.AddSingleton<CheckoutService>();
        services.AddSingleton<OrderService>();
        services.AddSingleton<PaymentWebhookReceiver>();
        services.AddSingleton<INotePolicy, ProductTagPolicy>();
        services.AddSingleton<IPersonalDataParticipant, CommercePersonalData>();
        services.Replace(ServiceDescriptor.Singleton<IProductDirectory, CatalogProductDirectory>());

        // Orders carry their messages in their own outbox; commands reach the workflow through the orders queue.
        services.AddOutbox(Collections.Orders);
        services.AddMessageHandler<OrderCommandHandler>(Destinations.Orders);
        return services;
    }
}
