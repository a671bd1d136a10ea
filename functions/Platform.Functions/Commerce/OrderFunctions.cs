using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Commerce;
using Platform.Core.Identity;
using Platform.Functions.Http;

namespace Platform.Functions.Commerce;

/// <summary>
/// Checkout and orders. Actions on an order are checked at once (a 409 names the illegal transition) and then applied by the
/// order workflow through the orders queue, so they answer 202 Accepted: read the order to see the new state.
/// </summary>
public sealed class OrderFunctions(CheckoutService checkout, OrderService orders)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    [Function(nameof(Checkout))]
    public async Task<Results<Ok<OrderResponse>, Created<OrderResponse>>> Checkout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "checkout")] HttpRequest request,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<CheckoutRequest>(cancellationToken);
        var result = await checkout.CheckoutAsync(caller, request.Headers[IdempotencyKeyHeader], body, cancellationToken);
        var order = OrderService.View(caller, result.Order);
        if (result.Replayed)
        {
            request.HttpContext.Response.Headers[ReplayedHeader] = "true";
            return TypedResults.Ok(order);
        }

        return TypedResults.Created($"/api/orders/{order.Id}", order);
    }

    [Function(nameof(ListMyOrders))]
    public async Task<Ok<OrderPage>> ListMyOrders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders")] HttpRequest request,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await orders.ListMineAsync(caller, request.QueryEnum<OrderStatus>("status"), request.QueryInt("pageSize"),
            request.Query["continuation"], cancellationToken));
    }

    [Function(nameof(ListShopOrders))]
    public async Task<Ok<OrderPage>> ListShopOrders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "shops/{shopId}/orders")] HttpRequest request,
        string shopId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await orders.ListShopOrdersAsync(caller, shopId, request.QueryEnum<OrderStatus>("status"), request.QueryInt("pageSize"),
            request.Query["continuation"], cancellationToken));
    }

    [Function(nameof(GetOrder))]
    public async Task<Ok<OrderResponse>> GetOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{orderId}")] HttpRequest request,
        string orderId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await orders.GetAsync(caller, orderId, cancellationToken));
    }

    [Function(nameof(PayOrder))]
    public async Task<Ok<PaymentSession>> PayOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{orderId}/payment")] HttpRequest request,
        string orderId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await orders.StartPaymentAsync(caller, orderId, cancellationToken));
    }

    [Function(nameof(CancelOrder))]
    public async Task<Accepted<OrderActionAccepted>> CancelOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{orderId}/cancel")] HttpRequest request,
        string orderId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var reason = await OptionalReasonAsync(request, cancellationToken);
        return await SubmitAsync(caller, orderId, new Core.Commerce.CancelOrder(reason) { Cause = reason ?? "cancelled by buyer" }, cancellationToken);
    }

    [Function(nameof(ShipOrder))]
    public async Task<Accepted<OrderActionAccepted>> ShipOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{orderId}/ship")] HttpRequest request,
        string orderId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<ShipRequest>(cancellationToken);
        return await SubmitAsync(caller, orderId,
            new Core.Commerce.ShipOrder(body.Carrier, body.TrackingNumber) { Cause = $"shipped by {caller.UserId}" }, cancellationToken);
    }

    [Function(nameof(DeliverOrder))]
    public async Task<Accepted<OrderActionAccepted>> DeliverOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{orderId}/deliver")] HttpRequest request,
        string orderId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return await SubmitAsync(caller, orderId, new Core.Commerce.DeliverOrder { Cause = "delivery confirmed by carrier" }, cancellationToken);
    }

    [Function(nameof(CompleteOrder))]
    public async Task<Accepted<OrderActionAccepted>> CompleteOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{orderId}/complete")] HttpRequest request,
        string orderId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return await SubmitAsync(caller, orderId, new Core.Commerce.CompleteOrder { Cause = "receipt confirmed by buyer" }, cancellationToken);
    }

    [Function(nameof(RequestRefund))]
    public async Task<Accepted<OrderActionAccepted>> RequestRefund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{orderId}/refund-request")] HttpRequest request,
        string orderId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<RefundRequestBody>(cancellationToken);
        return await SubmitAsync(caller, orderId,
            new Core.Commerce.RequestRefund(body.Reason, body.Lines, body.ReturnGoods) { Cause = body.Reason ?? "refund requested" }, cancellationToken);
    }

    [Function(nameof(ApproveRefund))]
    public async Task<Accepted<OrderActionAccepted>> ApproveRefund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{orderId}/refund/approve")] HttpRequest request,
        string orderId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return await SubmitAsync(caller, orderId, new Core.Commerce.ApproveRefund { Cause = $"refund approved by {caller.UserId}" }, cancellationToken);
    }

    [Function(nameof(RejectRefund))]
    public async Task<Accepted<OrderActionAccepted>> RejectRefund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{orderId}/refund/reject")] HttpRequest request,
        string orderId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var reason = await OptionalReasonAsync(request, cancellationToken);
        return await SubmitAsync(caller, orderId,
            new Core.Commerce.RejectRefund(reason) { Cause = reason ?? $"refund rejected by {caller.UserId}" }, cancellationToken);
    }

    private async Task<Accepted<OrderActionAccepted>> SubmitAsync(Caller caller, string orderId, OrderCommand command, CancellationToken cancellationToken)
    {
        var accepted = await orders.SubmitAsync(caller, orderId, command, cancellationToken);
        return TypedResults.Accepted($"/api/orders/{accepted.Order.Id}", accepted);
    }

    // A reason is optional: an empty body is fine, a body must be JSON.
    private static async Task<string?> OptionalReasonAsync(HttpRequest request, CancellationToken cancellationToken) =>
        request.ContentLength is null or 0 && !request.HasJsonContentType()
            ? null
            : (await request.ReadJsonAsync<ReasonBody>(cancellationToken)).Reason;
}
