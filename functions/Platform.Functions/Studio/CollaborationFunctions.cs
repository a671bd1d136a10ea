using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Identity;
using Platform.Core.Studio.Collaboration;
using Platform.Functions.Http;

namespace Platform.Functions.Studio;

/// <summary>What brand members see of their collaborations: campaign results per partnership, and creators to work with.</summary>
public sealed class CollaborationFunctions(Campaigns campaigns, CreatorDiscovery discovery)
{
    [Function(nameof(ListCampaigns))]
    public async Task<Ok<IReadOnlyList<CampaignView>>> ListCampaigns(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/campaigns")] HttpRequest request,
        string brandId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await campaigns.ListAsync(caller, brandId, cancellationToken));
    }

    [Function(nameof(FindCreators))]
    public async Task<Ok<IReadOnlyList<CreatorCard>>> FindCreators(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/creators")] HttpRequest request,
        string brandId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var search = new CreatorSearch(
            request.Query["topic"], request.QueryInt("minFollowers"), request.QueryNumber("minEngagementRate"), request.QueryInt("limit"));
        return TypedResults.Ok(await discovery.FindAsync(caller, brandId, search, cancellationToken));
    }
}
