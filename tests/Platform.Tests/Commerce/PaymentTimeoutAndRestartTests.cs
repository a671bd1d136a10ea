using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Commerce;
using Platform.Tests.Support;
using static Platform.Tests.Commerce.CommerceScenario;

namespace Platform.Tests.Commerce;

/// <summary>The scheduled payment timeout, and a workflow that outlives a restart of the embedded host.</summary>
public sealed class PaymentTimeoutAndRestartTests
{
    [Fact]
    public async Task An_unpaid_order_is_cancelled_when_the_payment_window_ends_and_its_stock_is_released()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var platform = new EmbeddedPlatform(Settings(paymentWindow: TimeSpan.FromMinutes(30)), services: s => s.AddSingleton<TimeProvider>(clock));
        var shop = await StartAsync(platform, stock: 2);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice, quantity: 2);
        Assert.Equal(order.CreatedAt.AddMinutes(30), order.PaymentDueAt);

        clock.Advance(TimeSpan.FromMinutes(29));
        var cancelled = await AdvanceUntilAsync(clock, shop, alice, order.Id, OrderStatus.Cancelled);
        var last = cancelled.History[^1];
        Assert.Equal((OrderStatus.PendingPayment, OrderAction.ExpirePayment, "payment_timeout", ActorKind.System),
            (last.From, last.Action, last.Cause, last.Actor.Kind));
        Assert.True(last.At >= order.PaymentDueAt - OrderWorkflow.ScheduleSkew, $"Cancelled at {last.At}, due at {order.PaymentDueAt}");
        Assert.Equal(2, (await shop.SkuAsync()).Available);
        await AssertProblem(await alice.PostAsync($"/api/orders/{order.Id}/payment", null), HttpStatusCode.Conflict, "order.not_awaiting_payment");
    }

    [Fact]
    public async Task The_workflow_survives_a_restart_mid_way()
    {
        var dataPath = Directory.CreateTempSubdirectory("commerce-restart-").FullName;
        CommerceScenario shop;
        string orderId;
        using (var first = new EmbeddedPlatform(Settings(), dataPath))
        {
            shop = await StartAsync(first, stock: 5);
            var order = await shop.CheckoutAsync(shop.Buyer("alice"), quantity: 2);
            orderId = order.Id;
            await shop.PayAsync(shop.Buyer("alice"), orderId);
            await shop.WaitForAsync(shop.Buyer("alice"), orderId, OrderStatus.Fulfilling);
        }

        // The brand ships while the host's dispatcher is down: the command waits in the durable queue.
        using (var second = new EmbeddedPlatform(Settings(runDispatcher: false), dataPath))
        {
            var stalled = shop.On(second);
            await stalled.ActAsync(stalled.Brand, orderId, "ship", new { carrier = "顺丰", trackingNumber = "SF-RESTART" });
            await Task.Delay(300);
            Assert.Equal(OrderStatus.Fulfilling, (await stalled.GetOrderAsync(stalled.Buyer("alice"), orderId)).Status);
        }

        // A new host on the same data folder picks the command up and the journey goes on.
        using (var third = new EmbeddedPlatform(Settings(), dataPath))
        {
            var resumed = shop.On(third);
            var alice = resumed.Buyer("alice");
            var shipped = await resumed.WaitForAsync(alice, orderId, OrderStatus.Shipped);
            Assert.Equal("SF-RESTART", shipped.Shipment!.TrackingNumber);
            await resumed.ActAsync(resumed.Brand, orderId, "deliver");
            await resumed.WaitForAsync(alice, orderId, OrderStatus.Delivered);
            await resumed.ActAsync(alice, orderId, "complete");
            var done = await resumed.WaitForAsync(alice, orderId, OrderStatus.Completed);
            Assert.Equal(6, done.History.Count);
            Assert.Equal(3, (await resumed.SkuAsync()).Available);
        }
    }

    [Fact]
    public async Task A_payment_timeout_scheduled_before_a_restart_still_fires_after_it()
    {
        var dataPath = Directory.CreateTempSubdirectory("commerce-restart-").FullName;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = Settings(paymentWindow: TimeSpan.FromMinutes(30), runDispatcher: false);
        CommerceScenario shop;
        string orderId;
        using (var first = new EmbeddedPlatform(settings, dataPath, s => s.AddSingleton<TimeProvider>(clock)))
        {
            shop = await StartAsync(first, stock: 1);
            orderId = (await shop.CheckoutAsync(shop.Buyer("alice"))).Id;
            Assert.Equal(0, (await shop.SkuAsync()).Available);
        }

        // The host is down when the window ends.
        clock.Advance(TimeSpan.FromMinutes(31));
        using var second = new EmbeddedPlatform(Settings(paymentWindow: TimeSpan.FromMinutes(30)), dataPath, s => s.AddSingleton<TimeProvider>(clock));
        var resumed = shop.On(second);
        await AdvanceUntilAsync(clock, resumed, resumed.Buyer("alice"), orderId, OrderStatus.Cancelled);
        Assert.Equal(1, (await resumed.SkuAsync()).Available);
    }

    // The host's loops wait on the fake clock: move it a second at a time until the order reaches the status.
    private static async Task<OrderResponse> AdvanceUntilAsync(FakeTimeProvider clock, CommerceScenario shop, HttpClient buyer, string orderId, OrderStatus status)
    {
        for (var step = 0; step < 600; step++)
        {
            var order = await shop.GetOrderAsync(buyer, orderId);
            if (order.Status == status)
            {
                return order;
            }

            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        Assert.Fail($"Order {orderId} did not reach {status} within ten fake minutes.");
        return null!;
    }
}
