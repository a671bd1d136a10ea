using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Identity;
using Platform.Core.Studio;
using Platform.Core.Studio.Analytics;
using Platform.Functions.Http;

namespace Platform.Functions.Studio;

/// <summary>Content analytics for brand members: their brand, one of their notes, and what performs in a topic.</summary>
public sealed class AnalyticsFunctions(ContentAnalytics analytics, EngagementPredictor predictor, SearchDemand searchDemand)
{
    [Function(nameof(GetSearchDemand))]
    public async Task<Ok<SearchDemandResponse>> GetSearchDemand(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/analytics/search-demand")] HttpRequest request,
        string brandId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await searchDemand.ForBrandAsync(caller, brandId, cancellationToken));
    }

    [Function(nameof(GetPredictorFit))]
    public async Task<Ok<PredictorFit>> GetPredictorFit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/analytics/predictor")] HttpRequest request,
        string brandId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await analytics.PredictorFitAsync(caller, brandId, predictor, cancellationToken));
    }

    [Function(nameof(GetBrandAnalytics))]
    public async Task<Ok<StudioInsights>> GetBrandAnalytics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/analytics")] HttpRequest request,
        string brandId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await analytics.ForBrandAsync(caller, brandId, cancellationToken));
    }

    [Function(nameof(GetTopicInsights))]
    public async Task<Ok<StudioInsights>> GetTopicInsights(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/analytics/insights")] HttpRequest request,
        string brandId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await analytics.ForTopicAsync(caller, brandId, request.Query["topic"], cancellationToken));
    }

    [Function(nameof(GetNoteAnalytics))]
    public async Task<Ok<NoteMetricsResponse>> GetNoteAnalytics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/analytics/notes/{noteId}")] HttpRequest request,
        string brandId,
        string noteId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await analytics.ForNoteAsync(caller, brandId, noteId, cancellationToken));
    }
}
