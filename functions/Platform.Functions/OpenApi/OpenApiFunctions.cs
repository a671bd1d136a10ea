using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Functions.Http;

namespace Platform.Functions.OpenApi;

/// <summary>The OpenAPI 3.1 document of this API at <c>/api/openapi/v1.json</c>, the same in both hosts.</summary>
public sealed class OpenApiFunctions(OpenApiDocumentSource documents)
{
    // Text result: the document is JSON already serialized, which its type cannot say.
    [Function(nameof(GetOpenApiDocument))]
    [Produces(StatusCodes.Status200OK, typeof(JsonElement), "application/json")]
    public async Task<ContentHttpResult> GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Text(await documents.GetJsonAsync(), "application/json", Encoding.UTF8);
    }
}
