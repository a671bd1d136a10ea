using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Platform.Core.Commerce;
using Platform.Core.Common;

namespace Platform.Azure.Payments;

/// <summary>
/// The real payment provider, reached over its REST API: <c>POST {Endpoint}/v1/payments</c> and <c>POST {Endpoint}/v1/refunds</c>,
/// and <c>GET {Endpoint}/v1/payments?merchantReference={orderId}</c>,
/// authenticated with the API key (a Key Vault reference in app settings), the writes each with an <c>Idempotency-Key</c> so a retry
/// cannot charge or refund twice. The provider signs its webhooks with <see cref="PaymentOptions.WebhookSecret"/>.
/// A provider with a different API needs only another adapter of <see cref="IPaymentProvider"/>.
/// </summary>
/// <inheritdoc/>
public sealed class HttpPaymentGateway(HttpClient http, IOptions<PaymentGatewayOptions> options) : IPaymentProvider
{
    /// <summary>The named HttpClient (with the standard resilience handler) the Azure adapters give the gateway.</summary>
    public const string ClientName = "payment-gateway";

    /// <inheritdoc/>
    public async Task<PaymentSession> StartPaymentAsync(PaymentRequest request, CancellationToken cancellationToken)
    {
        var body = new GatewayPaymentRequest(request.OrderId, request.Amount, request.Description, request.ExpiresAt);
        var created = await SendAsync<GatewayPaymentRequest, GatewayPayment>("v1/payments", $"order-{request.OrderId}", body, cancellationToken);
        return new PaymentSession(created.Id, request.OrderId, created.PayUrl, request.Amount, created.ExpiresAt ?? request.ExpiresAt);
    }

    /// <inheritdoc/>
    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        var body = new GatewayRefundRequest(request.PaymentId, request.RefundId, request.Amount, request.Reason);
        var refund = await SendAsync<GatewayRefundRequest, GatewayRefund>("v1/refunds", request.RefundId, body, cancellationToken);
        return new RefundResult(refund.Id, refund.Amount ?? request.Amount);
    }

    /// <inheritdoc/>
    /// <remarks><c>GET {Endpoint}/v1/payments?merchantReference={orderId}</c>: 404 when no payment was started for it.</remarks>
    public async Task<ProviderPayment?> FindPaymentAsync(string orderId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(settings.Endpoint!, $"v1/payments?merchantReference={Uri.EscapeDataString(orderId)}"));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        using var response = await http.SendAsync(message, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            // The timeout is retried rather than cancelling blind.
            throw new HttpRequestException($"The payment provider answered {(int)response.StatusCode} to a payment lookup.", null, response.StatusCode);
        }

        var found = await response.Content.ReadFromJsonAsync<GatewayPaymentState>(PlatformJson.Options, cancellationToken)
            ?? throw new HttpRequestException("The payment provider answered a payment lookup with an empty body.", null, HttpStatusCode.BadGateway);
        var status = found.Status?.ToLowerInvariant() switch
        {
            "succeeded" => ProviderPaymentStatus.Succeeded,
            "failed" or "expired" or "cancelled" => ProviderPaymentStatus.Failed,
            _ => ProviderPaymentStatus.Open,
        };
        return new ProviderPayment(found.Id, orderId, found.Amount, status);
    }

    private async Task<TResponse> SendAsync<TRequest, TResponse>(string path, string idempotencyKey, TRequest body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.Endpoint!, path))
        {
            Content = JsonContent.Create(body, options: PlatformJson.Options),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        message.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(message, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // Not the caller's fault and not final: the workflow's message is retried, with the same idempotency key.
            throw new HttpRequestException($"The payment provider answered {(int)response.StatusCode} to {path}.", null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<TResponse>(PlatformJson.Options, cancellationToken)
            ?? throw new HttpRequestException($"The payment provider answered {path} with an empty body.", null, HttpStatusCode.BadGateway);
    }

    private sealed record GatewayPaymentRequest(string MerchantReference, Money Amount, string Description, DateTimeOffset ExpiresAt);

    private sealed record GatewayPayment(string Id, Uri PayUrl, DateTimeOffset? ExpiresAt);

    private sealed record GatewayPaymentState(string Id, Money Amount, string? Status);

    private sealed record GatewayRefundRequest(string PaymentId, string MerchantReference, Money Amount, string Reason);

    private sealed record GatewayRefund(string Id, Money? Amount);
}

/// <summary>
/// The real provider's API. The key is a secret: set the app setting to a Key Vault reference, never the value. Both unset:
/// the app runs without a provider (see <see cref="UnconfiguredPaymentProvider"/>).
/// </summary>
public sealed class PaymentGatewayOptions : IValidatableObject
{
    public const string Section = "Platform:Payments";

    public Uri? Endpoint { get; set; }

    [ResolvedSecret]
    public string? ApiKey { get; set; }

    public bool IsConfigured => Endpoint is not null;

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Endpoint is null != string.IsNullOrEmpty(ApiKey))
        {
            yield return new ValidationResult("Set both Endpoint and ApiKey of the payment provider, or neither.", [nameof(Endpoint), nameof(ApiKey)]);
        }

        if (Endpoint is { Scheme: not "https" })
        {
            yield return new ValidationResult("The payment provider's Endpoint must be https.", [nameof(Endpoint)]);
        }
    }
}

/// <summary>
/// Stands in when no payment provider is configured, so the rest of the platform still starts: checkout works, and starting
/// or refunding a payment answers 503 <c>payment.not_configured</c> (a refund is retried by the workflow until one is).
/// </summary>
/// <inheritdoc/>
public sealed class UnconfiguredPaymentProvider : IPaymentProvider
{
    /// <inheritdoc/>
    public Task<PaymentSession> StartPaymentAsync(PaymentRequest request, CancellationToken cancellationToken) => throw NotConfigured();

    /// <inheritdoc/>
    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken) => throw NotConfigured();

    /// <inheritdoc/>
    /// <remarks>No provider, so no payment was ever started.</remarks>
    public Task<ProviderPayment?> FindPaymentAsync(string orderId, CancellationToken cancellationToken) => Task.FromResult<ProviderPayment?>(null);

    private static PlatformException NotConfigured() => new(ErrorKind.Unavailable, "payment.not_configured",
        "Payments are not configured here (Platform:Payments:Endpoint and ApiKey).") { RetryAfter = TimeSpan.FromMinutes(5) };
}

/// <summary>Checks <see cref="PaymentGatewayOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class PaymentGatewayOptionsValidator : IValidateOptions<PaymentGatewayOptions>;
