using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Azure.Payments;
using Platform.Core.Commerce;
using Platform.Functions;

namespace Platform.Tests.Commerce;

/// <summary>
/// The Azure adapters reach the payment gateway through the standard resilience handler: a passing failure of the
/// provider is retried (with the same Idempotency-Key, so it cannot charge twice) instead of failing the checkout.
/// </summary>
public sealed class PaymentGatewayResilienceTests
{
    [Fact]
    public async Task A_transient_503_is_retried_with_the_same_idempotency_key()
    {
        var provider = new FlakyProvider(failures: 1);
        await using var services = Build(provider);

        var session = await services.GetRequiredService<IPaymentProvider>().StartPaymentAsync(
            new PaymentRequest("order-1", new Money(1999, "CNY"), "test", DateTimeOffset.UtcNow.AddMinutes(15)), default);

        Assert.Equal("pay-1", session.PaymentId);
        Assert.Equal(2, provider.IdempotencyKeys.Count);
        Assert.Single(provider.IdempotencyKeys.Distinct());
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        var provider = new FlakyProvider(failures: 0, status: HttpStatusCode.BadRequest);
        await using var services = Build(provider);

        await Assert.ThrowsAnyAsync<Exception>(() => services.GetRequiredService<IPaymentProvider>().StartPaymentAsync(
            new PaymentRequest("order-2", new Money(1999, "CNY"), "test", DateTimeOffset.UtcNow.AddMinutes(15)), default));
        Assert.Single(provider.IdempotencyKeys);
    }

    private static ServiceProvider Build(FlakyProvider provider)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:Mode"] = "Azure",
            ["Platform:Auth:Issuer"] = "https://login.example/tenant/v2.0",
            ["Platform:Auth:Audience"] = "api://platform",
            ["Platform:Auth:Authority"] = "https://login.example/tenant/v2.0/",
            ["Platform:Cosmos:AccountEndpoint"] = "https://platform-test.documents.azure.com:443/",
            ["Platform:Blob:ServiceUri"] = "https://platformtest.blob.core.windows.net/",
            ["Platform:Search:Endpoint"] = "https://platform-test.search.windows.net",
            ["Platform:ServiceBus:FullyQualifiedNamespace"] = "platform-test.servicebus.windows.net",
            ["Platform:Payments:WebhookSecret"] = "test-webhook-secret-0123456789",
            ["Platform:Payments:Endpoint"] = "https://pay.example/",
            ["Platform:Payments:ApiKey"] = "test-api-key",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPlatform(configuration);
        // Only the network is replaced: the resilience handler configured by the app stays in front of it.
        services.AddHttpClient(HttpPaymentGateway.ClientName).ConfigurePrimaryHttpMessageHandler(() => provider);
        return services.BuildServiceProvider();
    }

    private sealed class FlakyProvider(int failures, HttpStatusCode status = HttpStatusCode.ServiceUnavailable) : HttpMessageHandler
    {
        private int _failures = failures;

        public List<string> IdempotencyKeys { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (IdempotencyKeys)
            {
                IdempotencyKeys.Add(string.Join(",", request.Headers.GetValues("Idempotency-Key")));
            }

            if (status != HttpStatusCode.ServiceUnavailable || Interlocked.Decrement(ref _failures) >= 0)
            {
                return Task.FromResult(new HttpResponseMessage(status));
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created)
            {
                Content = new StringContent("""{"id":"pay-1","payUrl":"https://pay.example/p/1"}""", Encoding.UTF8, "application/json"),
            });
        }
    }
}
