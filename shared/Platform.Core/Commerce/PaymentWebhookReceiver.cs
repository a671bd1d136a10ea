using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Messaging;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>
/// Receives the payment provider's webhooks. A delivery is believed only if its HMAC signature over timestamp and body is
/// valid and its timestamp is within the replay window; an event id already received changes nothing. A believed
/// <c>payment.succeeded</c> becomes a <see cref="OrderAction.ConfirmPayment"/> command for the order workflow.
/// </summary>
public sealed class PaymentWebhookReceiver(
    IDocumentStore store,
    IMessageBus bus,
    IOptions<PaymentOptions> options,
    TimeProvider clock,
    ILogger<PaymentWebhookReceiver> logger)
{
    public async Task<WebhookOutcome> ReceiveAsync(string? timestampHeader, string? signatureHeader, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var paymentOptions = options.Value;
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || string.IsNullOrEmpty(signatureHeader))
        {
            throw Unauthorized("payment.webhook_unsigned", $"Send {PaymentSignature.TimestampHeader} and {PaymentSignature.SignatureHeader}.");
        }

        string[] secrets = [paymentOptions.WebhookSecret, .. paymentOptions.PreviousWebhookSecret is { Length: > 0 } previous ? [previous] : Array.Empty<string>()];
        if (!PaymentSignature.IsValid(secrets, timestamp, body.Span, signatureHeader))
        {
            logger.LogWarning("Refused a payment webhook with a bad signature");
            throw Unauthorized("payment.webhook_signature_invalid", "The webhook signature does not match.");
        }

        // Checked after the signature, so a forger learns nothing from the answer; a signed but old delivery is a replay.
        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        if (age.Duration() > paymentOptions.WebhookTolerance)
        {
            logger.LogWarning("Refused a payment webhook signed {Age} ago", age);
            throw Unauthorized("payment.webhook_outside_window", "The webhook timestamp is outside the accepted window.");
        }

        var paymentEvent = Parse(body);
        if (await store.FindAsync<ReceivedPaymentEvent>(Collections.PaymentEvents, paymentEvent.Id, paymentEvent.Id, cancellationToken) is not null)
        {
            logger.LogInformation("Payment event {EventId} was already received; ignoring the repeat", paymentEvent.Id);
            return WebhookOutcome.Duplicate;
        }

        if (paymentEvent.Type == PaymentEvent.PaymentSucceeded)
        {
            // The command id comes from the event id: a repeat that slips past the check above is dropped by the workflow.
            OrderCommand command = new ConfirmPayment(paymentEvent.PaymentId, paymentEvent.Amount)
            {
                Id = $"payment-{paymentEvent.Id}",
                OrderId = paymentEvent.OrderId,
                Actor = Actor.PaymentProvider,
                Cause = $"{paymentEvent.Type} {paymentEvent.Id}",
                IssuedAt = clock.GetUtcNow(),
            };
            await bus.PublishAsync(OrderMessages.Command(command, command.IssuedAt), cancellationToken);
        }
        else
        {
            logger.LogInformation("Payment event {EventId} of type {EventType} for order {OrderId} needs no action",
                paymentEvent.Id, paymentEvent.Type, paymentEvent.OrderId);
        }

        // Recorded after sending: if sending failed, the provider's retry must not be taken for a repeat.
        await store.UpsertAsync(Collections.PaymentEvents, paymentEvent.Id, paymentEvent.Id,
            new ReceivedPaymentEvent(paymentEvent.Type, paymentEvent.OrderId, paymentEvent.PaymentId, clock.GetUtcNow()), cancellationToken);
        return WebhookOutcome.Accepted;
    }

    private static PaymentEvent Parse(ReadOnlyMemory<byte> body)
    {
        PaymentEvent? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<PaymentEvent>(body.Span, PlatformJson.Options);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        if (parsed is null || !Ids.IsWellFormed(parsed.Id) || !Ids.IsWellFormed(parsed.OrderId) || !Ids.IsWellFormed(parsed.PaymentId)
            || string.IsNullOrEmpty(parsed.Type) || parsed.Amount is null)
        {
            throw PlatformException.Invalid("payment.webhook_invalid_body", "The webhook body is not a payment event.");
        }

        return parsed;
    }

    private static PlatformException Unauthorized(string code, string message) => new(ErrorKind.Unauthorized, code, message);

    private sealed record ReceivedPaymentEvent(string Type, string OrderId, string PaymentId, DateTimeOffset ReceivedAt);
}

public enum WebhookOutcome
{
    Accepted,

    /// <summary>The event id was received before; nothing changed (the provider may stop retrying).</summary>
    Duplicate,
}
