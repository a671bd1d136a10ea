using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Azure.Payments;
using Platform.Core.Commerce;

namespace Platform.Tests.Commerce;

/// <summary>The Azure payment adapter's requests to the provider's REST API: path, key, idempotency key and body.</summary>
public sealed class HttpPaymentGatewayTests
{
    private readonly RecordingHandler _handler = new();

    [Fact]
    public async Task Starting_a_payment_posts_the_order_with_its_idempotency_key_and_the_api_key()
    {
        _handler.Respond = """{"id":"pay_123","payUrl":"https://pay.example/p/pay_123","expiresAt":"2026-06-01T12:15:00+00:00"}""";
        var expires = new DateTimeOffset(2026, 6, 1, 12, 15, 0, TimeSpan.Zero);

        var session = await Gateway().StartPaymentAsync(new PaymentRequest("order1", new Money(26600, "CNY"), "Order order1", expires), default);

        Assert.Equal(("pay_123", new Uri("https://pay.example/p/pay_123"), expires), (session.PaymentId, session.PayUrl, session.ExpiresAt));
        var request = Assert.Single(_handler.Requests);
        Assert.Equal((HttpMethod.Post, "https://gateway.example/api/v1/payments"), (request.Method, request.Uri));
        Assert.Equal("Bearer key-from-key-vault", request.Authorization);
        Assert.Equal("order-order1", request.IdempotencyKey);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("order1", body.RootElement.GetProperty("merchantReference").GetString());
        Assert.Equal(26600, body.RootElement.GetProperty("amount").GetProperty("amountMinor").GetInt64());
        Assert.Equal("CNY", body.RootElement.GetProperty("amount").GetProperty("currency").GetString());
    }

    [Fact]
    public async Task A_refund_carries_its_refund_id_as_idempotency_key_and_a_failure_is_an_exception_to_retry()
    {
        _handler.Respond = """{"id":"rf_9","amount":{"amountMinor":12900,"currency":"CNY"}}""";
        var refund = await Gateway().RefundAsync(new RefundRequest("refund-order1", "pay_123", "order1", new Money(12900, "CNY"), "七天无理由"), default);
        Assert.Equal(("rf_9", new Money(12900, "CNY")), (refund.ProviderRefundId, refund.Amount));
        Assert.Equal(("https://gateway.example/api/v1/refunds", "refund-order1"), (_handler.Requests[0].Uri, _handler.Requests[0].IdempotencyKey));

        _handler.Status = HttpStatusCode.ServiceUnavailable;
        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            Gateway().RefundAsync(new RefundRequest("refund-order2", "pay_124", "order2", new Money(1, "CNY"), "x"), default));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
    }

    [Fact]
    public async Task Looking_a_payment_up_asks_by_merchant_reference_and_maps_the_providers_answer()
    {
        _handler.Respond = """{"id":"pay_123","amount":{"amountMinor":26600,"currency":"CNY"},"status":"succeeded"}""";
        var found = await Gateway().FindPaymentAsync("order1", default);
        Assert.Equal(new ProviderPayment("pay_123", "order1", new Money(26600, "CNY"), ProviderPaymentStatus.Succeeded), found);
        Assert.Equal((HttpMethod.Get, "https://gateway.example/api/v1/payments?merchantReference=order1", "Bearer key-from-key-vault"),
            (_handler.Requests[0].Method, _handler.Requests[0].Uri, _handler.Requests[0].Authorization));

        _handler.Status = HttpStatusCode.NotFound;
        Assert.Null(await Gateway().FindPaymentAsync("order2", default));

        // Unreachable: an exception, so the payment timeout is retried instead of cancelling without knowing.
        _handler.Status = HttpStatusCode.BadGateway;
        await Assert.ThrowsAsync<HttpRequestException>(() => Gateway().FindPaymentAsync("order3", default));
        Assert.Null(await new UnconfiguredPaymentProvider().FindPaymentAsync("order4", default));
    }

    [Fact]
    public async Task Without_a_provider_the_app_starts_and_payments_answer_503()
    {
        var both = new PaymentGatewayOptions();
        Assert.Empty(Validate(both));
        Assert.NotEmpty(Validate(new PaymentGatewayOptions { Endpoint = new Uri("https://gateway.example/") }));
        Assert.NotEmpty(Validate(new PaymentGatewayOptions { Endpoint = new Uri("http://gateway.example/"), ApiKey = "k" }));

        var error = await Assert.ThrowsAsync<Platform.Core.Common.PlatformException>(() => new UnconfiguredPaymentProvider()
            .StartPaymentAsync(new PaymentRequest("o", new Money(1, "CNY"), "x", DateTimeOffset.UtcNow), default));
        Assert.Equal((Platform.Core.Common.ErrorKind.Unavailable, "payment.not_configured"), (error.Kind, error.Code));
    }

    private static List<System.ComponentModel.DataAnnotations.ValidationResult> Validate(PaymentGatewayOptions options)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        return results;
    }

    private HttpPaymentGateway Gateway() => new(new HttpClient(_handler), Options.Create(new PaymentGatewayOptions
    {
        Endpoint = new Uri("https://gateway.example/api/"),
        ApiKey = "key-from-key-vault",
    }));

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<(HttpMethod Method, string Uri, string? Authorization, string? IdempotencyKey, string Body)> Requests { get; } = [];

        public string Respond { get; set; } = "{}";

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.Method, request.RequestUri!.ToString(), request.Headers.Authorization?.ToString(),
                request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null,
                request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(Status) { Content = new StringContent(Respond, Encoding.UTF8, "application/json") };
        }
    }
}
