using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Embedded.Payments;
using Platform.LocalHost;
using Platform.Tests.Support;
using static Platform.Tests.Commerce.CommerceScenario;

namespace Platform.Tests.Commerce;

/// <summary>
/// Probe: the payment timeout cancelled without asking the provider, so a payment whose webhook was lost was neither honoured
/// nor refunded; the simulator's pages were open to anyone; its pay links named the default port whatever the host's.
/// </summary>
public sealed class PaymentReconciliationTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly EmbeddedPlatform _platform;

    public PaymentReconciliationTests() =>
        _platform = new EmbeddedPlatform(Settings(runDispatcher: false), services: s => s.AddSingleton<TimeProvider>(_clock));

    private OrderWorkflow Workflow => _platform.Services.GetRequiredService<OrderWorkflow>();

    private SimulatedPaymentProvider Simulator => _platform.Services.GetRequiredService<SimulatedPaymentProvider>();

    [Fact]
    public async Task A_payment_whose_webhook_was_lost_is_honoured_at_the_timeout_instead_of_cancelled()
    {
        var shop = await StartAsync(_platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);
        var session = await Read<PaymentSession>(await alice.PostAsync($"/api/orders/{order.Id}/payment", null), HttpStatusCode.OK);
        await Simulator.PayAsync(session.PaymentId, succeed: true, default); // paid; the webhook never arrives

        _clock.Advance(TimeSpan.FromMinutes(16));
        await Workflow.HandleAsync(Timeout(order), default);

        var current = await shop.GetOrderAsync(alice, order.Id);
        Assert.Equal(OrderStatus.Paid, current.Status);
        Assert.Equal((OrderAction.ConfirmPayment, "payment_reconciled_at_timeout"), (current.History[^1].Action, current.History[^1].Cause));
        Assert.Equal(9, (await shop.SkuAsync()).Available);
        Assert.Empty((await Simulator.FindAsync(session.PaymentId, default))!.Refunds);
    }

    [Fact]
    public async Task A_lost_payment_of_the_wrong_amount_is_refunded_and_the_order_cancelled_at_the_timeout()
    {
        var shop = await StartAsync(_platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);
        var wrong = order.Total with { AmountMinor = order.Total.AmountMinor - 1 };
        var session = await Simulator.StartPaymentAsync(new PaymentRequest(order.Id, wrong, "test", order.PaymentDueAt), default);
        await Simulator.PayAsync(session.PaymentId, succeed: true, default);

        _clock.Advance(TimeSpan.FromMinutes(16));
        await Workflow.HandleAsync(Timeout(order), default);

        Assert.Equal(OrderStatus.Cancelled, (await shop.GetOrderAsync(alice, order.Id)).Status);
        Assert.Equal(wrong, Assert.Single((await Simulator.FindAsync(session.PaymentId, default))!.Refunds).Amount);
    }

    [Fact]
    public async Task An_order_not_paid_at_the_provider_is_cancelled_at_the_timeout()
    {
        var shop = await StartAsync(_platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);
        await Read<PaymentSession>(await alice.PostAsync($"/api/orders/{order.Id}/payment", null), HttpStatusCode.OK);

        _clock.Advance(TimeSpan.FromMinutes(16));
        await Workflow.HandleAsync(Timeout(order), default);

        Assert.Equal(OrderStatus.Cancelled, (await shop.GetOrderAsync(alice, order.Id)).Status);
        Assert.Equal(10, (await shop.SkuAsync()).Available);
    }

    [Fact]
    public async Task When_the_provider_cannot_answer_the_timeout_is_retried_rather_than_cancelling_blind()
    {
        using var platform = new EmbeddedPlatform(Settings(runDispatcher: false), services: s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddSingleton<IPaymentProvider, UnreachableProvider>();
        });
        var shop = await StartAsync(platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);
        _clock.Advance(TimeSpan.FromMinutes(16));

        await Assert.ThrowsAsync<HttpRequestException>(() => platform.Services.GetRequiredService<OrderWorkflow>().HandleAsync(Timeout(order), default));
        Assert.Equal(OrderStatus.PendingPayment, (await shop.GetOrderAsync(alice, order.Id)).Status);
    }

    [Fact]
    public async Task The_simulators_pages_answer_only_through_the_pay_link()
    {
        var shop = await StartAsync(_platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);
        var session = await Read<PaymentSession>(await alice.PostAsync($"/api/orders/{order.Id}/payment", null), HttpStatusCode.OK);
        var anyone = _platform.CreateClient();
        var page = $"/dev/payments/{session.PaymentId}";

        await AssertProblem(await anyone.GetAsync(page), HttpStatusCode.NotFound, "payment.not_found");
        await AssertProblem(await anyone.GetAsync($"{page}?token=0123456789abcdef0123456789abcdef"), HttpStatusCode.NotFound, "payment.not_found");
        await AssertProblem(await anyone.PostAsync($"{page}/pay?outcome=succeeded", null), HttpStatusCode.NotFound, "payment.not_found");
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync(session.PayUrl.PathAndQuery)).StatusCode);
        Assert.Equal("Open", (await Simulator.FindAsync(session.PaymentId, default))!.Status.ToString());
    }

    [Fact]
    public async Task Pay_links_and_webhooks_use_the_port_the_host_really_listens_on()
    {
        using var host = new KestrelHost();
        var simulator = host.Services.GetRequiredService<SimulatedPaymentProvider>();
        var session = await simulator.StartPaymentAsync(new PaymentRequest(Ids.New(), new Money(100, "CNY"), "test", DateTimeOffset.UtcNow.AddMinutes(5)), default);
        Assert.Equal(host.Port, session.PayUrl.Port);

        // The simulator delivers its webhook to this host over TCP: the platform answers it (no connection refused).
        using var client = new HttpClient();
        var paid = await client.PostAsync(new Uri(session.PayUrl, $"{session.PayUrl.AbsolutePath}/pay{session.PayUrl.Query}"), null);
        var result = await Read<System.Text.Json.JsonElement>(paid, HttpStatusCode.OK);
        Assert.Equal(200, result.GetProperty("webhookStatus").GetInt32());
    }

    private static OrderCommand Timeout(OrderResponse order) =>
        OrderWorkflow.SystemCommand(new ExpirePayment(), order.Id, "payment_timeout", order.CreatedAt, $"expire-{order.Id}");

    public void Dispose() => _platform.Dispose();

    private sealed class UnreachableProvider : IPaymentProvider
    {
        public Task<PaymentSession> StartPaymentAsync(PaymentRequest request, CancellationToken cancellationToken) => throw Down();

        public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken) => throw Down();

        public Task<ProviderPayment?> FindPaymentAsync(string orderId, CancellationToken cancellationToken) => throw Down();

        private static HttpRequestException Down() => new("The provider is down.", null, HttpStatusCode.ServiceUnavailable);
    }

    /// <summary>The embedded host on a real loopback port, with no simulator addresses configured.</summary>
    private sealed class KestrelHost : WebApplicationFactory<EmbeddedHost>
    {
        private readonly string _data = Directory.CreateTempSubdirectory("platform-port-").FullName;

        public KestrelHost()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
            StartServer();
        }

        public int Port { get; }

        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseSetting("Platform:Embedded:DataPath", _data);
    }
}
