using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Embedded.Payments;

/// <summary>
/// A payment provider that runs inside the embedded host: a payment is "paid" when someone calls its pay endpoint
/// (<c>POST /dev/payments/{paymentId}/pay</c>), and the provider then signs a webhook exactly as a real one would
/// (<see cref="PaymentSignature"/>, with the shared webhook secret) for the host to deliver over HTTP. Payments and refunds
/// are kept in the data folder, so a restart loses none.
/// </summary>
/// <inheritdoc/>
public sealed class SimulatedPaymentProvider(
    IDocumentStore store,
    IOptions<PaymentOptions> payments,
    IOptions<PaymentSimulatorOptions> options,
    EmbeddedHostAddress host,
    TimeProvider clock) : IPaymentProvider
{
    /// <summary>The simulator's own records; embedded only, so not one of the platform's collections.</summary>
    public const string Collection = "payment-simulator";

    /// <summary>Tries of a payment change against concurrent ones (the buyer paying while a refund lands).</summary>
    private const int MaxAttempts = 6;

    /// <inheritdoc/>
    public async Task<PaymentSession> StartPaymentAsync(PaymentRequest request, CancellationToken cancellationToken)
    {
        // One payment per order: starting again returns it, as a real provider does for the same idempotency key.
        var paymentId = PaymentIdFor(request.OrderId);
        var existing = await store.FindAsync<SimulatedPayment>(Collection, paymentId, paymentId, cancellationToken);
        var payment = existing?.Value ?? new SimulatedPayment(paymentId, request.OrderId, request.Amount, request.Description, request.ExpiresAt,
            SimulatedPaymentStatus.Open, null, [], clock.GetUtcNow());
        if (existing is null)
        {
            try
            {
                await store.CreateAsync(Collection, paymentId, paymentId, payment, cancellationToken);
            }
            catch (DocumentConflictException)
            {
                payment = (await store.FindAsync<SimulatedPayment>(Collection, paymentId, paymentId, cancellationToken))!.Value;
            }
        }

        return new PaymentSession(payment.Id, payment.OrderId, PayUrl(payment.Id), payment.Amount, payment.ExpiresAt);
    }

    /// <inheritdoc/>
    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        var update = await store.UpdateAsync<SimulatedPayment>(Collection, request.PaymentId, request.PaymentId, payment =>
        {
            if (payment is null)
            {
                throw new InvalidOperationException($"Payment {request.PaymentId} does not exist at the simulated provider.");
            }

            if (payment.Refunds.Any(r => r.RefundId == request.RefundId))
            {
                return null; // refunded before: the same answer again
            }

            if (payment.Status != SimulatedPaymentStatus.Succeeded || request.Amount.Currency != payment.Amount.Currency
                || payment.Refunds.Sum(r => r.Amount.AmountMinor) + request.Amount.AmountMinor > payment.Amount.AmountMinor)
            {
                throw new InvalidOperationException($"Payment {payment.Id} cannot refund {request.Amount.AmountMinor} {request.Amount.Currency}.");
            }

            var refund = new SimulatedRefund(request.RefundId, $"simrf_{Ids.New()}", request.Amount, request.Reason, clock.GetUtcNow());
            return payment with { Refunds = [.. payment.Refunds, refund] };
        }, MaxAttempts, cancellationToken);
        var done = update.Current!.Value.Refunds.First(r => r.RefundId == request.RefundId);
        return new RefundResult(done.ProviderRefundId, done.Amount);
    }

    /// <inheritdoc/>
    public async Task<ProviderPayment?> FindPaymentAsync(string orderId, CancellationToken cancellationToken) =>
        await FindAsync(PaymentIdFor(orderId), cancellationToken) is { } payment
            ? new ProviderPayment(payment.Id, payment.OrderId, payment.Amount, payment.Status switch
            {
                SimulatedPaymentStatus.Succeeded => ProviderPaymentStatus.Succeeded,
                SimulatedPaymentStatus.Failed => ProviderPaymentStatus.Failed,
                _ => ProviderPaymentStatus.Open,
            })
            : null;

    /// <summary>
    /// Whether <paramref name="token"/> is the pay link's secret for this payment. The pages are reachable only through the
    /// link the buyer was given, as at a real provider: knowing an order or payment id is not enough.
    /// </summary>
    public bool IsPayToken(string paymentId, string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(PayToken(paymentId)), Encoding.ASCII.GetBytes(token));

    public async Task<SimulatedPayment?> FindAsync(string paymentId, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(paymentId) ? (await store.FindAsync<SimulatedPayment>(Collection, paymentId, paymentId, cancellationToken))?.Value : null;

    /// <summary>
    /// The buyer pays (or the payment fails); returns the signed webhook to deliver. Paying again returns the same event
    /// (a re-delivery), freshly signed, as providers retry deliveries.
    /// </summary>
    public async Task<WebhookDelivery> PayAsync(string paymentId, bool succeed, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(paymentId))
        {
            throw PaymentNotFound(paymentId);
        }

        var update = await store.UpdateAsync<SimulatedPayment>(Collection, paymentId, paymentId, payment =>
        {
            if (payment is null)
            {
                throw PaymentNotFound(paymentId);
            }

            // A settled payment answers with its event again; a failed one may be tried again, as at a real provider.
            if (payment.Status == SimulatedPaymentStatus.Succeeded || (payment.Status == SimulatedPaymentStatus.Failed && !succeed))
            {
                return null;
            }

            if (clock.GetUtcNow() > payment.ExpiresAt)
            {
                throw PlatformException.Conflict("payment.expired", "This payment has expired.");
            }

            return payment with
            {
                Status = succeed ? SimulatedPaymentStatus.Succeeded : SimulatedPaymentStatus.Failed,
                EventId = $"evt_{Ids.New()}",
            };
        }, MaxAttempts, cancellationToken);
        return Sign(update.Current!.Value);
    }

    private static PlatformException PaymentNotFound(string paymentId) =>
        PlatformException.NotFound("payment.not_found", $"Payment '{paymentId}' does not exist.");

    private WebhookDelivery Sign(SimulatedPayment payment)
    {
        var type = payment.Status == SimulatedPaymentStatus.Succeeded ? PaymentEvent.PaymentSucceeded : PaymentEvent.PaymentFailed;
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new PaymentEvent(payment.EventId!, type, clock.GetUtcNow(), payment.Id, payment.OrderId, payment.Amount), PlatformJson.Options);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        return new WebhookDelivery(options.Value.WebhookUrl ?? new Uri(host.BaseUrl, "api/payments/webhook"), timestamp, PaymentSignature.Sign(payments.Value.WebhookSecret, timestamp, body), body);
    }

    private static string PaymentIdFor(string orderId) => $"sim_{orderId}";

    private string PayToken(string paymentId) => Convert.ToHexStringLower(
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(payments.Value.WebhookSecret), Encoding.UTF8.GetBytes($"pay-link\n{paymentId}")))[..32];

    // Unset, links point at the address this host really listens on (another port than the default, say).
    private Uri PayUrl(string paymentId) =>
        new(options.Value.PublicBaseUrl ?? host.BaseUrl, $"dev/payments/{paymentId}?token={PayToken(paymentId)}");
}

/// <summary>A signed webhook ready to POST: body, and the values of the timestamp and signature headers.</summary>
public sealed record WebhookDelivery(Uri Url, long Timestamp, string Signature, byte[] Body);

public sealed record SimulatedPayment(
    string Id,
    string OrderId,
    Money Amount,
    string Description,
    DateTimeOffset ExpiresAt,
    SimulatedPaymentStatus Status,
    string? EventId,
    IReadOnlyList<SimulatedRefund> Refunds,
    DateTimeOffset CreatedAt);

public sealed record SimulatedRefund(string RefundId, string ProviderRefundId, Money Amount, string Reason, DateTimeOffset At);

public enum SimulatedPaymentStatus
{
    Open,
    Succeeded,
    Failed,
}

/// <summary>Where the simulated provider's pages are, and where it sends webhooks (this host).</summary>
public sealed class PaymentSimulatorOptions
{
    public const string Section = "Platform:Payments:Simulator";

    /// <summary>The embedded host's public address, for pay links; unset, the address the host listens on.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The platform's webhook endpoint the simulator calls; unset, this host's own <c>/api/payments/webhook</c>.</summary>
    public Uri? WebhookUrl { get; set; }
}

/// <summary>The address the embedded host listens on, once it listens (the host sets it at start); localhost:5080 until then.</summary>
public sealed class EmbeddedHostAddress
{
    public Uri BaseUrl { get; set; } = new("http://localhost:5080/");
}
