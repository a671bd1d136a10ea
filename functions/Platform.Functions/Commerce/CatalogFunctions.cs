using System.Collections.Generic;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Commerce;
using Platform.Core.Identity;
using Platform.Functions.Http;

namespace Platform.Functions.Commerce;

/// <summary>Brands, shops and products (brand members write; anyone reads), and a note's product cards.</summary>
public sealed class CatalogFunctions(CatalogService catalog)
{
    [Function(nameof(PutBrand))]
    public async Task<Ok<Brand>> PutBrand(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "brands/{brandId}")] HttpRequest request,
        string brandId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<PutBrandRequest>(cancellationToken);
        return TypedResults.Ok(await catalog.PutBrandAsync(caller, brandId, body, cancellationToken));
    }

    [Function(nameof(GetBrand))]
    public async Task<Ok<Brand>> GetBrand(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}")] HttpRequest request,
        string brandId,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.GetBrandAsync(brandId, cancellationToken));

    [Function(nameof(ListBrandShops))]
    public async Task<Ok<IReadOnlyList<ShopResponse>>> ListBrandShops(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/shops")] HttpRequest request,
        string brandId,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListShopsAsync(brandId, cancellationToken));

    [Function(nameof(CreateShop))]
    public async Task<Created<ShopResponse>> CreateShop(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "brands/{brandId}/shops")] HttpRequest request,
        string brandId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<CreateShopRequest>(cancellationToken);
        var shop = await catalog.CreateShopAsync(caller, brandId, body, cancellationToken);
        return TypedResults.Created($"/api/shops/{shop.Id}", ShopResponse.From(shop));
    }

    [Function(nameof(GetShop))]
    public async Task<Ok<ShopResponse>> GetShop(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "shops/{shopId}")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(ShopResponse.From(await catalog.GetShopAsync(shopId, cancellationToken)));

    [Function(nameof(ListShopProducts))]
    public async Task<Ok<ProductPage>> ListShopProducts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "shops/{shopId}/products")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListProductsAsync(shopId, request.QueryInt("pageSize"), request.Query["continuation"], cancellationToken));

    [Function(nameof(CreateProduct))]
    public async Task<Created<ProductView>> CreateProduct(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "shops/{shopId}/products")] HttpRequest request,
        string shopId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<CreateProductRequest>(cancellationToken);
        var product = await catalog.CreateProductAsync(caller, shopId, body, cancellationToken);
        request.HttpContext.Response.SetETag(product.ETag);
        return TypedResults.Created($"/api/products/{product.Id}", product);
    }

    [Function(nameof(GetProduct))]
    public async Task<Ok<ProductView>> GetProduct(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/{productId}")] HttpRequest request,
        string productId,
        Caller? caller,
        CancellationToken cancellationToken)
    {
        var product = await catalog.GetProductViewAsync(productId, caller, cancellationToken);
        request.HttpContext.Response.SetETag(product.ETag);
        return TypedResults.Ok(product);
    }

    [Function(nameof(UpdateProduct))]
    public async Task<Ok<ProductView>> UpdateProduct(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "products/{productId}")] HttpRequest request,
        string productId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<UpdateProductRequest>(cancellationToken);
        var product = await catalog.UpdateProductAsync(caller, productId, request.IfMatch(), body, cancellationToken);
        request.HttpContext.Response.SetETag(product.ETag);
        return TypedResults.Ok(product);
    }

    [Function(nameof(UpdateSku))]
    public async Task<Ok<ProductView>> UpdateSku(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "products/{productId}/skus/{skuId}")] HttpRequest request,
        string productId,
        string skuId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<UpdateSkuRequest>(cancellationToken);
        var product = await catalog.UpdateSkuAsync(caller, productId, skuId, request.IfMatch(), body, cancellationToken);
        request.HttpContext.Response.SetETag(product.ETag);
        return TypedResults.Ok(product);
    }

    [Function(nameof(GetNoteProducts))]
    public async Task<Ok<NoteProducts>> GetNoteProducts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "notes/{noteId}/products")] HttpRequest request,
        string noteId,
        Caller? caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await catalog.GetNoteProductsAsync(noteId, caller, cancellationToken));
    }
}
