using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Notes;

namespace Platform.Core.Commerce;

public static class CommerceServiceCollectionExtensions
{
    /// <summary>Catalogue, carts, checkout, the order workflow and payment webhooks. The payment provider and the transport
    /// of order messages come from the adapters.</summary>
    public static IServiceCollection AddCommerce(this IServiceCollection services)
    {
        services.AddOptions<CommerceOptions>().BindConfiguration(CommerceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PaymentOptions>().BindConfiguration(PaymentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StockLedger>();
        services.AddSingleton<CatalogService>();
        services.AddSingleton<CartService>();
        services.AddSingleton<OrderWorkflow>();
        services.AddSingleton<CheckoutService>();
        services.AddSingleton<OrderService>();
        services.AddSingleton<PaymentWebhookReceiver>();
        services.AddSingleton<INotePolicy, ProductTagPolicy>();
        return services;
    }
}
