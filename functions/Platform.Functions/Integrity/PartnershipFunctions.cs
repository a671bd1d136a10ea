using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Identity;
using Platform.Core.Integrity;
using Platform.Core.Notes;
using Platform.Functions.Http;

namespace Platform.Functions.Integrity;

/// <summary>Offers and paid partnerships: brand members send and end them; the addressed creator accepts, declines or ends.</summary>
public sealed class PartnershipFunctions(PartnershipService partnerships)
{
    [Function(nameof(SendOffer))]
    public async Task<Created<OfferView>> SendOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "brands/{brandId}/offers")] HttpRequest request, string brandId, Caller caller, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<SendOfferRequest>(cancellationToken);
        var offer = await partnerships.SendOfferAsync(caller, brandId, body, cancellationToken);
        return TypedResults.Created($"/api/brands/{brandId}/offers/{offer.Value.Id}", OfferView.From(offer.Value));
    }

    [Function(nameof(ListBrandOffers))]
    public async Task<Ok<List<OfferView>>> ListBrandOffers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/offers")] HttpRequest request, string brandId, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok((await partnerships.ListForBrandAsync(caller, brandId, cancellationToken)).Select(OfferView.From).ToList());

    [Function(nameof(GetBrandOffer))]
    public async Task<Ok<OfferView>> GetBrandOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/offers/{offerId}")] HttpRequest request,
        string brandId, string offerId, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(OfferView.From((await partnerships.GetForBrandAsync(caller, brandId, offerId, cancellationToken)).Value));

    [Function(nameof(EndBrandPartnership))]
    public async Task<Ok<OfferView>> EndBrandPartnership(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "brands/{brandId}/offers/{offerId}/end")] HttpRequest request,
        string brandId, string offerId, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(OfferView.From((await partnerships.EndAsBrandAsync(caller, brandId, offerId, cancellationToken)).Value));

    [Function(nameof(ListMyOffers))]
    public async Task<Ok<List<OfferView>>> ListMyOffers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/offers")] HttpRequest request, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok((await partnerships.ListForCreatorAsync(caller.UserId, cancellationToken)).Select(OfferView.From).ToList());

    [Function(nameof(AcceptOffer))]
    public async Task<Ok<OfferView>> AcceptOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/offers/{offerId}/accept")] HttpRequest request, string offerId, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(OfferView.From((await partnerships.AcceptAsync(caller, offerId, cancellationToken)).Value));

    [Function(nameof(DeclineOffer))]
    public async Task<Ok<OfferView>> DeclineOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/offers/{offerId}/decline")] HttpRequest request, string offerId, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(OfferView.From((await partnerships.DeclineAsync(caller, offerId, cancellationToken)).Value));

    [Function(nameof(EndMyPartnership))]
    public async Task<Ok<OfferView>> EndMyPartnership(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/offers/{offerId}/end")] HttpRequest request, string offerId, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(OfferView.From((await partnerships.EndAsCreatorAsync(caller, offerId, cancellationToken)).Value));
}

/// <summary>The creator's inbox of drafts brands handed off: list, open, publish (as a sponsored, labelled note).</summary>
public sealed class CreatorDraftFunctions(CreatorDrafts drafts)
{
    [Function(nameof(ListMyDrafts))]
    public async Task<Ok<IReadOnlyList<CreatorDraftView>>> ListMyDrafts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/drafts")] HttpRequest request, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(await drafts.ListAsync(caller, cancellationToken));

    [Function(nameof(GetMyDraft))]
    public async Task<Ok<CreatorDraftView>> GetMyDraft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/drafts/{draftId}")] HttpRequest request, string draftId, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(await drafts.GetAsync(caller, draftId, cancellationToken));

    [Function(nameof(PublishMyDraft))]
    public async Task<Created<NoteResponse>> PublishMyDraft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/drafts/{draftId}/publish")] HttpRequest request, string draftId, Caller caller, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<PublishDraftRequest>(cancellationToken);
        var created = await drafts.PublishAsync(caller, draftId, body, cancellationToken);
        request.HttpContext.Response.SetETag(created.ETag);
        return TypedResults.Created($"/api/notes/{created.Value.Id}", NoteResponse.From(created.Value, created.ETag, caller.UserId));
    }
}
