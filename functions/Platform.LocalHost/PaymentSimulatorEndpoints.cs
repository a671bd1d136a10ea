using System.Net;
using System.Net.Http.Headers;
using Platform.Core.Commerce;
using Platform.Embedded.Payments;

namespace Platform.LocalHost;

/// <summary>
/// The simulated payment provider's hosted pages, served by the embedded host only: <c>GET /dev/payments/{paymentId}</c>
/// (a pay page) and <c>POST /dev/payments/{paymentId}/pay?outcome=succeeded|failed</c>, which settles the payment and
/// delivers the provider's signed webhook to the platform over HTTP, as a real provider would.
/// </summary>
internal static class PaymentSimulatorEndpoints
{
    /// <summary>The HttpClient that calls this host itself (the test host points it at its in-memory server).</summary>
    public const string LoopbackClient = "loopback";

    public static void MapPaymentSimulator(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/dev/payments/{paymentId}", async (string paymentId, SimulatedPaymentProvider simulator, CancellationToken cancellationToken) =>
        {
            var payment = await simulator.FindAsync(paymentId, cancellationToken);
            if (payment is null)
            {
                return Results.NotFound();
            }

            var id = WebUtility.HtmlEncode(payment.Id);
            var amount = $"{payment.Amount.AmountMinor / 100m:0.00} {WebUtility.HtmlEncode(payment.Amount.Currency)}";
            return Results.Content($"""
                <!doctype html><meta charset="utf-8"><title>Simulated payment</title>
                <h1>Pay {amount}</h1><p>{WebUtility.HtmlEncode(payment.Description)}</p><p>Status: {payment.Status}</p>
                <form method="post" action="/dev/payments/{id}/pay?outcome=succeeded"><button>Pay</button></form>
                <form method="post" action="/dev/payments/{id}/pay?outcome=failed"><button>Fail</button></form>
                """, "text/html; charset=utf-8");
        });

        endpoints.MapPost("/dev/payments/{paymentId}/pay", async (
            string paymentId, HttpRequest request, SimulatedPaymentProvider simulator, IHttpClientFactory clients, CancellationToken cancellationToken) =>
        {
            var succeed = !string.Equals(request.Query["outcome"], "failed", StringComparison.OrdinalIgnoreCase);
            var delivery = await simulator.PayAsync(paymentId, succeed, cancellationToken);

            using var webhook = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(delivery.Body) };
            webhook.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            webhook.Headers.Add(PaymentSignature.TimestampHeader, delivery.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            webhook.Headers.Add(PaymentSignature.SignatureHeader, delivery.Signature);
            using var response = await clients.CreateClient(LoopbackClient).SendAsync(webhook, cancellationToken);

            var payment = await simulator.FindAsync(paymentId, cancellationToken);
            return TypedResults.Ok(new SimulatedPayResult(paymentId, payment!.Status.ToString(), payment.EventId, (int)response.StatusCode));
        });
    }
}

/// <summary>What the pay endpoint did: the payment's status, the event it sent, and how the platform answered the webhook.</summary>
internal sealed record SimulatedPayResult(string PaymentId, string Status, string? EventId, int WebhookStatus);
