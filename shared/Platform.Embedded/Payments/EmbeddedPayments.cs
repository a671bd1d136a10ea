using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Commerce;

namespace Platform.Embedded.Payments;

public static class EmbeddedPayments
{
    /// <summary>The simulated payment provider, and a webhook secret kept in the data folder when none is configured.</summary>
    public static IServiceCollection AddEmbeddedPayments(this IServiceCollection services)
    {
        services.AddOptions<PaymentSimulatorOptions>().BindConfiguration(PaymentSimulatorOptions.Section);
        services.AddOptions<PaymentOptions>().PostConfigure<IOptions<EmbeddedOptions>>((payments, embedded) =>
        {
            if (string.IsNullOrEmpty(payments.WebhookSecret))
            {
                // Kept with the data, so webhooks signed before a restart still verify after it.
                payments.WebhookSecret = LocalSecret.LoadOrCreate(embedded.Value.FullDataPath, "payment-webhook-secret");
            }
        });
        services.AddSingleton<EmbeddedHostAddress>();
        services.AddSingleton<SimulatedPaymentProvider>();
        services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<SimulatedPaymentProvider>());
        return services;
    }
}
