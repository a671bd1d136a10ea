using System.Collections.Generic;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Identity;
using Platform.Core.Integrity;
using Platform.Functions.Http;

namespace Platform.Functions.Integrity;

/// <summary>Paid partnerships: brand members manage them, creators see theirs.</summary>
public sealed class PartnershipFunctions(PartnershipService partnerships)
{
    [Function(nameof(CreatePartnership))]
    public async Task<Ok<Partnership>> CreatePartnership(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "brands/{brandId}/partnerships")] HttpRequest request, string brandId, Caller caller, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<CreatePartnershipRequest>(cancellationToken);
        return TypedResults.Ok(await partnerships.CreateAsync(caller, brandId, body, cancellationToken));
    }

    [Function(nameof(ListBrandPartnerships))]
    public async Task<Ok<IReadOnlyList<Partnership>>> ListBrandPartnerships(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/partnerships")] HttpRequest request, string brandId, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await partnerships.ListForBrandAsync(caller, brandId, cancellationToken));
    }

    [Function(nameof(EndPartnership))]
    public async Task<NoContent> EndPartnership(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "brands/{brandId}/partnerships/{creatorId}")] HttpRequest request,
        string brandId, string creatorId, Caller caller, CancellationToken cancellationToken)
    {
        await partnerships.EndAsync(caller, brandId, creatorId, cancellationToken);
        return TypedResults.NoContent();
    }

    [Function(nameof(ListMyPartnerships))]
    public async Task<Ok<IReadOnlyList<Partnership>>> ListMyPartnerships(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/partnerships")] HttpRequest request, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await partnerships.ListForCreatorAsync(caller.UserId, cancellationToken));
    }
}
