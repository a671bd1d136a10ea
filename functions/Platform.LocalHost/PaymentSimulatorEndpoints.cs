using System.Net;
using System.Net.Http.Headers;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Embedded.Payments;

namespace Platform.LocalHost;

/// <summary>
/// The simulated payment provider's hosted pages, served by the embedded host only: <c>GET /dev/payments/{paymentId}?token=</c>
/// (a pay page) and <c>POST /dev/payments/{paymentId}/pay?outcome=succeeded|failed&amp;token=</c>, which settles the payment and
/// delivers the provider's signed webhook to the platform over HTTP, as a real provider would. Without the pay link's token
/// a payment does not exist (404).
/// </summary>
internal static class PaymentSimulatorEndpoints
{
    /// <summary>The HttpClient that calls this host itself (the test host points it at its in-memory server).</summary>
    public const string LoopbackClient = "loopback";

    public static void MapPaymentSimulator(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/dev/payments/{paymentId}", async (
            string paymentId, string? token, SimulatedPaymentProvider simulator, CancellationToken cancellationToken) =>
        {
            var payment = simulator.IsPayToken(paymentId, token) ? await simulator.FindAsync(paymentId, cancellationToken) : null;
            if (payment is null)
            {
                throw PaymentNotFound(paymentId);
            }

            var id = WebUtility.HtmlEncode(payment.Id);
            var key = WebUtility.HtmlEncode(Uri.EscapeDataString(token!));
            var amount = $"{payment.Amount.AmountMinor / 100m:0.00} {WebUtility.HtmlEncode(payment.Amount.Currency)}";
            return Results.Content($"""
                <!doctype html><meta charset="utf-8"><title>Simulated payment</title>
                <h1>Pay {amount}</h1><p>{WebUtility.HtmlEncode(payment.Description)}</p><p>Status: {payment.Status}</p>
                <form method="post" action="/dev/payments/{id}/pay?outcome=succeeded&amp;token={key}"><button>Pay</button></form>
                <form method="post" action="/dev/payments/{id}/pay?outcome=failed&amp;token={key}"><button>Fail</button></form>
                """, "text/html; charset=utf-8");
        });

        endpoints.MapPost("/dev/payments/{paymentId}/pay", async (
            string paymentId, HttpRequest request, SimulatedPaymentProvider simulator, IHttpClientFactory clients, CancellationToken cancellationToken) =>
        {
            if (!simulator.IsPayToken(paymentId, request.Query["token"]))
            {
                throw PaymentNotFound(paymentId);
            }

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

    /// <summary>The first address the server listens on, with a wildcard host made loopback: what pay links and webhooks use.</summary>
    public static Uri? ListeningAddress(IEnumerable<string> addresses) =>
        addresses.Select(a => Uri.TryCreate(a.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var uri) ? uri : null)
            .Where(u => u is not null && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps))
            .Select(u => new UriBuilder(u!) { Host = u!.Host is "0.0.0.0" or "[::]" ? "localhost" : u.Host, Path = "/" }.Uri)
            .FirstOrDefault();

    private static PlatformException PaymentNotFound(string paymentId) =>
        PlatformException.NotFound("payment.not_found", $"Payment '{paymentId}' does not exist.");
}

/// <summary>What the pay endpoint did: the payment's status, the event it sent, and how the platform answered the webhook.</summary>
internal sealed record SimulatedPayResult(string PaymentId, string Status, string? EventId, int WebhookStatus);
