using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Commerce;
using Platform.Functions.Http;

namespace Platform.Functions.Commerce;

/// <summary>
/// The payment provider's webhook. Anonymous at the HTTP level on purpose: the HMAC signature over timestamp and body is the
/// authentication, checked by <see cref="PaymentWebhookReceiver"/> against the raw bytes (so the body is not parsed first).
/// </summary>
public sealed class PaymentWebhookFunctions(PaymentWebhookReceiver receiver)
{
    [Function(nameof(ReceivePaymentWebhook))]
    public async Task<Ok<PaymentWebhookResponse>> ReceivePaymentWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "payments/webhook")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadBytesAsync(cancellationToken);
        var outcome = await receiver.ReceiveAsync(
            request.Headers[PaymentSignature.TimestampHeader], request.Headers[PaymentSignature.SignatureHeader], body, cancellationToken);
        return TypedResults.Ok(new PaymentWebhookResponse(outcome));
    }
}

/// <summary>What <c>POST /api/payments/webhook</c> did with the notification.</summary>
public sealed record PaymentWebhookResponse(WebhookOutcome Outcome);
