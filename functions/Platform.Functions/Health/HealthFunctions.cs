using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Health;
using Platform.Functions.Http;

namespace Platform.Functions.Health;

/// <summary>
/// Liveness and dependencies for a load balancer or an availability test: 200 when every dependency answers, 503 (same
/// body) when one does not. Anonymous; the body says which dependency, never why.
/// </summary>
public sealed class HealthFunctions(DependencyHealth health)
{
    [Function(nameof(GetHealth))]
    [Produces(StatusCodes.Status503ServiceUnavailable, typeof(HealthReport), "application/json")]
    public async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return report.Status == HealthStatus.Healthy
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
