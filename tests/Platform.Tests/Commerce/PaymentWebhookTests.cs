using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Tests.Support;
using static Platform.Tests.Commerce.CommerceScenario;

namespace Platform.Tests.Commerce;

/// <summary>The payment webhook believes only a fresh, correctly signed, first delivery of an event.</summary>
public sealed class PaymentWebhookTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new(Settings());

    [Fact]
    public async Task A_forged_webhook_is_rejected_and_changes_nothing()
    {
        var shop = await StartAsync(_platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);
        var body = EventBody(order);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await AssertProblem(await PostAsync(body, now, PaymentSignature.Sign("not-the-secret-at-all", now, body)),
            HttpStatusCode.Unauthorized, "payment.webhook_signature_invalid");
        await AssertProblem(await PostAsync(body, now, "v1=" + new string('0', 64)), HttpStatusCode.Unauthorized, "payment.webhook_signature_invalid");
        await AssertProblem(await PostAsync(body, null, null), HttpStatusCode.Unauthorized, "payment.webhook_unsigned");

        // A genuine signature over a different body (the amount changed in transit) does not carry over.
        var tampered = EventBody(order, amountMinor: 1);
        await AssertProblem(await PostAsync(tampered, now, Sign(body, now)), HttpStatusCode.Unauthorized, "payment.webhook_signature_invalid");
        // Nor does a genuine signature with a different timestamp.
        await AssertProblem(await PostAsync(body, now + 1, Sign(body, now)), HttpStatusCode.Unauthorized, "payment.webhook_signature_invalid");

        await Task.Delay(500);
        var unchanged = await shop.GetOrderAsync(alice, order.Id);
        Assert.Equal(OrderStatus.PendingPayment, unchanged.Status);
        Assert.Empty(unchanged.Refusals);
        Assert.Single(unchanged.History);
    }

    [Fact]
    public async Task A_replayed_webhook_is_rejected_or_ignored_and_the_order_is_paid_once()
    {
        var shop = await StartAsync(_platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);
        var body = EventBody(order);

        // Signed by the provider ten minutes ago (outside the five-minute window): a replay of an old capture.
        var old = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();
        await AssertProblem(await PostAsync(body, old, Sign(body, old)), HttpStatusCode.Unauthorized, "payment.webhook_outside_window");
        var future = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        await AssertProblem(await PostAsync(body, future, Sign(body, future)), HttpStatusCode.Unauthorized, "payment.webhook_outside_window");
        await Task.Delay(300);
        Assert.Equal(OrderStatus.PendingPayment, (await shop.GetOrderAsync(alice, order.Id)).Status);

        // The first fresh delivery is believed; the same delivery again (within the window) is recognised by its event id.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var first = await PostAsync(body, now, Sign(body, now));
        Assert.Equal("Accepted", await Outcome(first));
        var again = await PostAsync(body, now, Sign(body, now));
        Assert.Equal("Duplicate", await Outcome(again));

        var paid = await shop.WaitForAsync(alice, order.Id, OrderStatus.Fulfilling);
        await Task.Delay(500);
        paid = await shop.GetOrderAsync(alice, order.Id);
        Assert.Single(paid.History, h => h.To == OrderStatus.Paid);
        Assert.Empty(paid.Refusals);
        Assert.Equal(OrderStatus.Fulfilling, paid.Status);
    }

    [Fact]
    public async Task A_webhook_signed_with_the_previous_secret_is_accepted_during_rotation()
    {
        using var platform = new EmbeddedPlatform(new Dictionary<string, string?>(Settings())
        {
            ["Platform:Payments:WebhookSecret"] = "the-new-secret-0123456789",
            ["Platform:Payments:PreviousWebhookSecret"] = "the-old-secret-0123456789",
        });
        var shop = await StartAsync(platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);
        var body = EventBody(order);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using var client = platform.CreateClient();
        var response = await PostAsync(client, body, now, PaymentSignature.Sign("the-old-secret-0123456789", now, body));
        Assert.Equal("Accepted", await Outcome(response));
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Fulfilling);
    }

    [Fact]
    public async Task A_payment_that_arrives_after_the_order_was_cancelled_is_refused_and_refunded()
    {
        var shop = await StartAsync(_platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);
        var session = await Read<PaymentSession>(await alice.PostAsync($"/api/orders/{order.Id}/payment", null), HttpStatusCode.OK);
        await shop.ActAsync(alice, order.Id, "cancel");
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Cancelled);

        // The buyer had the pay page open and pays anyway: the provider takes the money and tells the platform.
        await Expect(await _platform.CreateClient().PostAsync($"/dev/payments/{session.PaymentId}/pay{session.PayUrl.Query}", null), HttpStatusCode.OK);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        OrderResponse current;
        do
        {
            await Task.Delay(100);
            current = await shop.GetOrderAsync(alice, order.Id);
        }
        while (current.Refusals.Count == 0 && DateTime.UtcNow < deadline);

        Assert.Equal((OrderAction.ConfirmPayment, "order.illegal_transition"), (Assert.Single(current.Refusals).Action, current.Refusals[0].Code));
        Assert.Equal(OrderStatus.Cancelled, current.Status);
        var payment = await _platform.Services.GetRequiredService<Platform.Embedded.Payments.SimulatedPaymentProvider>().FindAsync(session.PaymentId, default);
        Assert.Equal(order.Total, Assert.Single(payment!.Refunds).Amount);
        Assert.Equal(10, (await shop.SkuAsync()).Available);
    }

    private static byte[] EventBody(OrderResponse order, long? amountMinor = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new PaymentEvent($"evt_{Ids.New()}", PaymentEvent.PaymentSucceeded, DateTimeOffset.UtcNow,
            $"sim_{order.Id}", order.Id, order.Total with { AmountMinor = amountMinor ?? order.Total.AmountMinor }), PlatformJson.Options);

    private string Sign(byte[] body, long timestamp) =>
        PaymentSignature.Sign(_platform.Services.GetRequiredService<IOptions<PaymentOptions>>().Value.WebhookSecret, timestamp, body);

    private async Task<HttpResponseMessage> PostAsync(byte[] body, long? timestamp, string? signature)
    {
        using var client = _platform.CreateClient();
        return await PostAsync(client, body, timestamp, signature);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, long? timestamp, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/webhook") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (timestamp is not null)
        {
            request.Headers.Add(PaymentSignature.TimestampHeader, timestamp.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (signature is not null)
        {
            request.Headers.Add(PaymentSignature.SignatureHeader, signature);
        }

        return await client.SendAsync(request);
    }

    private static async Task<string> Outcome(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("outcome").GetString()!;
    }

    public void Dispose() => _platform.Dispose();
}

/// <summary>The signature scheme itself.</summary>
public sealed class PaymentSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"evt_1"}""");

    [Fact]
    public void A_signature_verifies_only_for_its_secret_timestamp_and_body()
    {
        var signature = PaymentSignature.Sign("secret-one-0123456789", 1_700_000_000, Body);
        Assert.StartsWith("v1=", signature, StringComparison.Ordinal);
        Assert.True(PaymentSignature.IsValid(["secret-one-0123456789"], 1_700_000_000, Body, signature));
        Assert.False(PaymentSignature.IsValid(["secret-two-0123456789"], 1_700_000_000, Body, signature));
        Assert.False(PaymentSignature.IsValid(["secret-one-0123456789"], 1_700_000_001, Body, signature));
        Assert.False(PaymentSignature.IsValid(["secret-one-0123456789"], 1_700_000_000, Encoding.UTF8.GetBytes("""{"id":"evt_2"}"""), signature));
        Assert.False(PaymentSignature.IsValid(["secret-one-0123456789"], 1_700_000_000, Body, "v1=zz-not-hex"));
        Assert.False(PaymentSignature.IsValid(["secret-one-0123456789"], 1_700_000_000, Body, signature.Replace("v1=", "v0=", StringComparison.Ordinal)));
        // Several signatures in one header (a provider rotating its key) verify if any does.
        Assert.True(PaymentSignature.IsValid(["secret-one-0123456789"], 1_700_000_000, Body, "v1=00ff, " + signature));
    }
}
