using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Core.Messaging;
using Platform.Embedded.Payments;
using Platform.Tests.Support;
using static Platform.Tests.Commerce.CommerceScenario;

namespace Platform.Tests.Commerce;

/// <summary>
/// The workflow driven directly, with no transport (the embedded dispatcher is off): it is a plain handler of commands,
/// so the same code runs behind Service Bus sessions and the embedded queue.
/// </summary>
public sealed class OrderWorkflowTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new(Settings(runDispatcher: false));

    private OrderWorkflow Workflow => _platform.Services.GetRequiredService<OrderWorkflow>();

    [Fact]
    public async Task A_redelivered_command_is_applied_once()
    {
        var (shop, order) = await PendingOrderAsync();
        var payment = await PaidAtProviderAsync(order);
        var confirm = Command(order, new ConfirmPayment(payment.PaymentId, order.Total), Actor.PaymentProvider);

        await Workflow.HandleAsync(confirm, default);
        await Workflow.HandleAsync(confirm, default);

        var paid = await shop.GetOrderAsync(shop.Buyer("alice"), order.Id);
        Assert.Equal(OrderStatus.Paid, paid.Status);
        Assert.Single(paid.History, h => h.To == OrderStatus.Paid);
        Assert.Empty(paid.Refusals);
        var stock = await _platform.Services.GetRequiredService<StockLedger>().GetAsync(shop.SkuId, default);
        Assert.Equal((9, 1L, 0), (stock.Available, stock.Sold, stock.Held));
    }

    [Fact]
    public async Task A_payment_for_the_wrong_amount_is_refused_and_refunded()
    {
        var (shop, order) = await PendingOrderAsync();
        var payment = await PaidAtProviderAsync(order);
        var wrong = order.Total with { AmountMinor = order.Total.AmountMinor - 1 };

        await Workflow.HandleAsync(Command(order, new ConfirmPayment(payment.PaymentId, wrong), Actor.PaymentProvider), default);

        var refused = await shop.GetOrderAsync(shop.Buyer("alice"), order.Id);
        Assert.Equal(OrderStatus.PendingPayment, refused.Status);
        Assert.Equal("order.payment_amount_mismatch", Assert.Single(refused.Refusals).Code);
        var atProvider = await _platform.Services.GetRequiredService<SimulatedPaymentProvider>().FindAsync(payment.PaymentId, default);
        Assert.Equal(wrong, Assert.Single(atProvider!.Refunds).Amount);
    }

    [Fact]
    public async Task A_payment_timeout_after_payment_is_refused_and_changes_nothing()
    {
        var (shop, order) = await PendingOrderAsync();
        var payment = await PaidAtProviderAsync(order);
        await Workflow.HandleAsync(Command(order, new ConfirmPayment(payment.PaymentId, order.Total), Actor.PaymentProvider), default);

        await Workflow.HandleAsync(Command(order, new ExpirePayment(), Actor.System), default);

        var current = await shop.GetOrderAsync(shop.Buyer("alice"), order.Id);
        Assert.Equal(OrderStatus.Paid, current.Status);
        Assert.Equal((OrderAction.ExpirePayment, "order.illegal_transition"), (Assert.Single(current.Refusals).Action, current.Refusals[0].Code));
        Assert.Equal(9, (await shop.SkuAsync()).Available);
        var atProvider = await _platform.Services.GetRequiredService<SimulatedPaymentProvider>().FindAsync(payment.PaymentId, default);
        Assert.Empty(atProvider!.Refunds);
    }

    [Fact]
    public async Task A_timeout_that_is_not_yet_due_is_refused()
    {
        var (shop, order) = await PendingOrderAsync();
        await Workflow.HandleAsync(Command(order, new ExpirePayment(), Actor.System), default);

        var current = await shop.GetOrderAsync(shop.Buyer("alice"), order.Id);
        Assert.Equal(OrderStatus.PendingPayment, current.Status);
        Assert.Equal("order.payment_not_due", Assert.Single(current.Refusals).Code);

        // It is set again for the order's own deadline, so the order is not left without a timeout.
        var stored = await _platform.Services.GetRequiredService<Core.Storage.IDocumentStore>()
            .FindAsync<Order>(Core.Storage.Collections.Orders, order.Id, order.Id, default);
        Assert.Empty(stored!.Value.PendingEvents);
        Assert.Equal(2, QueuedTimeouts(order.Id));
    }

    [Fact]
    public async Task Checkout_and_each_transition_raise_their_messages_in_the_order_outbox()
    {
        var (shop, order) = await PendingOrderAsync();
        var stored = await _platform.Services.GetRequiredService<Core.Storage.IDocumentStore>()
            .FindAsync<Order>(Core.Storage.Collections.Orders, order.Id, order.Id, default);

        // The fast path sent them and cleared the outbox; the queue holds the scheduled timeout (dispatcher off: not yet handled).
        Assert.Empty(stored!.Value.PendingEvents);
        var payment = await PaidAtProviderAsync(order);
        await Workflow.HandleAsync(Command(order, new ConfirmPayment(payment.PaymentId, order.Total), Actor.PaymentProvider), default);
        var timeout = OrderMessages.Command(OrderWorkflow.SystemCommand(new ExpirePayment(), order.Id, "payment_timeout", DateTimeOffset.UtcNow, $"expire-{order.Id}"), DateTimeOffset.UtcNow);
        Assert.Equal((Destinations.Orders, order.Id, OrderCommand.MessageType), (timeout.Destination, timeout.SessionId, timeout.Type));
        var changed = OrderMessages.StatusChanged(stored.Value, stored.Value.History[0]);
        Assert.Equal((Destinations.Events, OrderStatusChanged.MessageType, $"{order.Id}-1"), (changed.Destination, changed.Type, changed.Id));
    }

    // Payment timeouts waiting in the embedded queue for this order (the checkout's, and any set again).
    private long QueuedTimeouts(string orderId)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_platform.DataPath, "messages.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM messages WHERE path = 'orders' AND session_id = $order AND state = 0 AND body LIKE '%ExpirePayment%'";
        command.Parameters.AddWithValue("$order", orderId);
        return (long)command.ExecuteScalar()!;
    }

    private async Task<(CommerceScenario Shop, OrderResponse Order)> PendingOrderAsync()
    {
        var shop = await StartAsync(_platform);
        return (shop, await shop.CheckoutAsync(shop.Buyer("alice")));
    }

    private async Task<PaymentSession> PaidAtProviderAsync(OrderResponse order)
    {
        var simulator = _platform.Services.GetRequiredService<SimulatedPaymentProvider>();
        var session = await simulator.StartPaymentAsync(new PaymentRequest(order.Id, order.Total, "test", order.PaymentDueAt), default);
        await simulator.PayAsync(session.PaymentId, succeed: true, default);
        return session;
    }

    private static OrderCommand Command(OrderResponse order, OrderCommand command, Actor actor) => command with
    {
        Id = Ids.New(),
        OrderId = order.Id,
        Actor = actor,
        Cause = "test",
        IssuedAt = DateTimeOffset.UtcNow,
    };

    public void Dispose() => _platform.Dispose();
}

/// <summary>The no-reason return window: refunds inside it, automatic completion when it ends.</summary>
public sealed class ReturnWindowTests
{
    [Fact]
    public async Task A_delivered_order_completes_by_itself_when_the_return_window_ends_and_refunds_are_then_refused()
    {
        using var platform = new EmbeddedPlatform(new Dictionary<string, string?>(Settings()) { ["Platform:Commerce:ReturnWindow"] = "00:00:02" });
        var shop = await StartAsync(platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);
        await shop.PayAsync(alice, order.Id);
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Fulfilling);
        await shop.ActAsync(shop.Brand, order.Id, "ship", new { carrier = "顺丰", trackingNumber = "SF4" });
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Shipped);
        await shop.ActAsync(shop.Brand, order.Id, "deliver");

        var completed = await shop.WaitForAsync(alice, order.Id, OrderStatus.Completed);
        Assert.Equal(completed.DeliveredAt!.Value.AddSeconds(2), completed.ReturnWindowEndsAt);
        Assert.Equal((OrderStatus.Delivered, ActorKind.System, "return_window_ended"),
            (completed.History[^1].From, completed.History[^1].Actor.Kind, completed.History[^1].Cause));
        Assert.True(completed.History[^1].At >= completed.ReturnWindowEndsAt - OrderWorkflow.ScheduleSkew);
        await AssertProblem(await alice.PostAsync($"/api/orders/{order.Id}/refund-request", System.Net.Http.Json.JsonContent.Create(new { reason = "晚了" })),
            HttpStatusCode.Conflict, "order.illegal_transition");
    }
}
