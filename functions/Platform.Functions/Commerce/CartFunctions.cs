using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Commerce;
using Platform.Core.Identity;
using Platform.Functions.Http;

namespace Platform.Functions.Commerce;

/// <summary>The caller's cart.</summary>
public sealed class CartFunctions(CartService carts)
{
    [Function(nameof(GetCart))]
    public async Task<Ok<CartView>> GetCart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cart")] HttpRequest request,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await carts.GetAsync(caller, cancellationToken));
    }

    [Function(nameof(SetCartItem))]
    public async Task<Ok<CartView>> SetCartItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "cart/items/{skuId}")] HttpRequest request,
        string skuId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<SetCartItemRequest>(cancellationToken);
        return TypedResults.Ok(await carts.SetItemAsync(caller, skuId, body, cancellationToken));
    }

    [Function(nameof(RemoveCartItem))]
    public async Task<Ok<CartView>> RemoveCartItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "cart/items/{skuId}")] HttpRequest request,
        string skuId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await carts.RemoveAsync(caller, skuId, cancellationToken));
    }
}
