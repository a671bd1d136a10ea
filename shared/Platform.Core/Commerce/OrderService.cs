using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Messaging;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>
/// Orders as people see and act on them. Who may see an order: its buyer and the members of the selling brand; to anyone
/// else it does not exist. Actions are checked here (who, and whether the order's state allows it) and then queued for the
/// workflow, which applies them in order.
/// </summary>
public sealed class OrderService(
    IDocumentStore store,
    CatalogService catalog,
    IMessageBus bus,
    IPaymentProvider payments,
    IOptions<CommerceOptions> options,
    TimeProvider clock)
{
    private readonly CommerceOptions _options = options.Value;

    public async Task<OrderResponse> GetAsync(Caller caller, string orderId, CancellationToken cancellationToken) =>
        View(caller, await GetVisibleAsync(caller, orderId, cancellationToken));

    /// <summary>The caller's own orders, newest first, optionally in one status.</summary>
    public Task<OrderPage> ListMineAsync(Caller caller, OrderStatus? status, int? pageSize, string? continuation, CancellationToken cancellationToken) =>
        ListAsync(caller, new("buyerId", caller.UserId), status, pageSize, continuation, cancellationToken);

    /// <summary>A shop's orders for its brand's members, newest first.</summary>
    public async Task<OrderPage> ListShopOrdersAsync(
        Caller caller, string shopId, OrderStatus? status, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var shop = await catalog.GetShopAsync(shopId, cancellationToken);
        CatalogService.RequireMember(caller, shop.BrandId);
        return await ListAsync(caller, new("shopId", shopId), status, pageSize, continuation, cancellationToken);
    }

    /// <summary>Starts (or resumes) paying for an order at the provider; the buyer is sent to <see cref="PaymentSession.PayUrl"/>.</summary>
    public async Task<PaymentSession> StartPaymentAsync(Caller caller, string orderId, CancellationToken cancellationToken)
    {
        var order = await GetVisibleAsync(caller, orderId, cancellationToken);
        if (order.BuyerId != caller.UserId)
        {
            throw PlatformException.Forbidden("order.not_buyer", "Only the buyer pays for an order.");
        }

        if (order.Status != OrderStatus.PendingPayment || clock.GetUtcNow() >= order.PaymentDueAt)
        {
            throw PlatformException.Conflict("order.not_awaiting_payment", $"The order is {order.Status} and cannot be paid now.");
        }

        return await payments.StartPaymentAsync(
            new PaymentRequest(order.Id, order.Total, $"Order {order.Id} ({order.Lines.Count} items)", order.PaymentDueAt), cancellationToken);
    }

    /// <summary>
    /// Checks that the caller may take the action of <paramref name="command"/> on the order now, then queues it (stamped
    /// with its id, the order, the caller as actor and the time) for the workflow. The buyer cancels, confirms receipt
    /// (completes) and asks for refunds; the brand's members ship, mark delivered and decide refunds.
    /// </summary>
    public async Task<OrderActionAccepted> SubmitAsync(Caller caller, string orderId, OrderCommand command, CancellationToken cancellationToken)
    {
        var order = await GetVisibleAsync(caller, orderId, cancellationToken);
        var action = command.Action;
        var actor = OrderStateMachine.MayTake(ActorKind.Buyer, action) ? ActorKind.Buyer : ActorKind.Brand;
        if (actor == ActorKind.Buyer && order.BuyerId != caller.UserId)
        {
            throw PlatformException.Forbidden("order.not_buyer", "Only the buyer can do this.");
        }

        if (actor == ActorKind.Brand && !caller.IsMemberOfBrand(order.BrandId))
        {
            throw PlatformException.Forbidden("brand.not_member", "Only members of the selling brand can do this.");
        }

        var now = clock.GetUtcNow();
        command = command with
        {
            Id = Ids.New(),
            OrderId = order.Id,
            Actor = new Actor(actor, caller.UserId),
            Cause = string.IsNullOrEmpty(command.Cause) ? (actor == ActorKind.Buyer ? "buyer" : "brand") : command.Cause,
            IssuedAt = now,
        };
        order.Check(command, now);
        await bus.PublishAsync(OrderMessages.Command(command, now), cancellationToken);
        return new OrderActionAccepted(command.Id, action, View(caller, order));
    }

    private async Task<Order> GetVisibleAsync(Caller caller, string orderId, CancellationToken cancellationToken)
    {
        var found = Ids.IsWellFormed(orderId) ? await store.FindAsync<Order>(Collections.Orders, orderId, orderId, cancellationToken) : null;
        if (found is null || !(found.Value.BuyerId == caller.UserId || caller.IsMemberOfBrand(found.Value.BrandId)))
        {
            throw PlatformException.NotFound("order.not_found", $"Order '{orderId}' does not exist.");
        }

        return found.Value;
    }

    private async Task<OrderPage> ListAsync(
        Caller caller, FieldEquals scope, OrderStatus? status, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        List<FieldEquals> where = [scope];
        if (status is { } s)
        {
            where.Add(new("status", s.ToString()));
        }

        try
        {
            var page = await store.QueryAsync<Order>(Collections.Orders, new DocumentQuery
            {
                Where = where,
                OrderBy = "createdAt",
                Descending = true,
                Limit = Math.Clamp(pageSize ?? 20, 1, _options.MaxPageSize),
                Continuation = continuation,
            }, cancellationToken);
            return new OrderPage(page.Items.Select(o => View(caller, o.Value)).ToList(), page.Continuation);
        }
        catch (InvalidContinuationException)
        {
            throw PlatformException.Invalid("continuation", "request.invalid_continuation", "The continuation token is not valid.");
        }
    }

    /// <summary>The order as <paramref name="caller"/> sees it, with the actions open to them.</summary>
    public static OrderResponse View(Caller caller, Order order)
    {
        var actions = new List<OrderAction>();
        if (order.BuyerId == caller.UserId)
        {
            actions.AddRange(OrderStateMachine.ActionsFor(order.Status, ActorKind.Buyer));
        }

        if (caller.IsMemberOfBrand(order.BrandId))
        {
            actions.AddRange(OrderStateMachine.ActionsFor(order.Status, ActorKind.Brand));
        }

        return OrderResponse.From(order, actions.Distinct().ToList());
    }
}
