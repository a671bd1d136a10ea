using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Messaging;
using Platform.Core.Storage;

namespace Platform.Core.Integrity;

/// <summary>
/// Offers and partnerships: a brand member sends a creator an offer, only that creator accepts or declines it, and either
/// side ends it. Every change is one write of the partnership document carrying its event (<see cref="PartnershipEvents"/>).
/// </summary>
public sealed class PartnershipService(IDocumentStore store, IProductDirectory products, Outbox outbox, TimeProvider clock)
{
    public const int MaxBriefLength = 1000;
    public const int MaxProducts = 10;

    /// <summary>Whether <paramref name="creatorId"/> has an accepted, active partnership with <paramref name="brandId"/> now.</summary>
    public async Task<bool> IsActiveAsync(string brandId, string creatorId, CancellationToken cancellationToken) =>
        await FindActiveAsync(brandId, creatorId, cancellationToken) is not null;

    /// <summary>The active partnership between the two, or null.</summary>
    public async Task<StoredDocument<Partnership>?> FindActiveAsync(string brandId, string creatorId, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(brandId) || !Ids.IsWellFormed(creatorId))
        {
            return null;
        }

        var page = await store.QueryAsync<Partnership>(Collections.Partnerships, new DocumentQuery
        {
            PartitionKey = creatorId,
            Where = [new("brandId", brandId), new("state", nameof(PartnershipState.Active))],
            OrderBy = "offeredAt",
            Descending = true,
            Limit = 1,
        }, cancellationToken);
        return page.Items.Count > 0 ? page.Items[0] : null;
    }

    /// <summary>Whether the creator ever accepted a partnership with the brand (active now or ended since).</summary>
    public async Task<bool> WasPartnerAsync(string brandId, string creatorId, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(brandId) && Ids.IsWellFormed(creatorId)
        && (await QueryAllAsync(new DocumentQuery { PartitionKey = creatorId, Where = [new("brandId", brandId)], OrderBy = "offeredAt", Limit = 100 }, cancellationToken))
            .Any(p => p.WasAccepted);

    public async Task<StoredDocument<Partnership>> SendOfferAsync(Caller caller, string brandId, SendOfferRequest request, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        var now = clock.GetUtcNow();
        var productIds = (request.ProductIds ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var type = request.CompensationType ?? CompensationType.Fee;
        var amount = request.Amount ?? 0;
        var currency = (request.Currency ?? "CNY").Trim().ToUpperInvariant();
        var v = new Validation();
        v.Require(Ids.IsWellFormed(request.CreatorId), "creatorId", "partnership.creator_required", "Name the creator (their user id).");
        v.Require(request.CreatorId != caller.UserId, "creatorId", "partnership.self_offer", "A brand member cannot send an offer to themselves.");
        v.Require(!string.IsNullOrWhiteSpace(request.Brief) && Text.FitsWithin(request.Brief, MaxBriefLength), "brief", "partnership.brief_required",
            $"Say what the creator should make (1-{MaxBriefLength} characters).");
        v.Require(productIds.Count <= MaxProducts && productIds.All(Ids.IsWellFormed), "productIds", "partnership.invalid_products",
            $"Name at most {MaxProducts} products by id.");
        v.Require(type switch
        {
            CompensationType.Fee => amount > 0 && amount <= 10_000_000,
            CompensationType.Commission => amount > 0 && amount <= 100,
            _ => amount == 0,
        }, "amount", "partnership.invalid_amount", "A fee needs an amount above 0, a commission a percentage in (0, 100], gifted products none.");
        v.Require(currency.Length == 3 && currency.All(char.IsAsciiLetterUpper), "currency", "partnership.invalid_currency", "Use a 3-letter currency code.");
        v.Require(request.Deadline is { } d && d > now, "deadline", "partnership.invalid_deadline", "Give a deadline in the future.");
        v.ThrowIfInvalid();

        foreach (var productId in productIds)
        {
            if (await products.GetBrandOfProductAsync(productId, cancellationToken) != brandId)
            {
                throw PlatformException.Invalid("productIds", "partnership.unknown_product", $"'{productId}' is not a product of this brand.");
            }
        }

        var offer = new Partnership
        {
            Id = Ids.New(),
            BrandId = brandId,
            CreatorId = request.CreatorId!,
            OfferedBy = caller.UserId,
            Terms = new OfferTerms(request.Brief!.Trim(), productIds, new Compensation(type, amount, currency), request.Deadline!.Value),
            OfferedAt = now,
        };
        offer = offer with { PendingEvents = [Event(PartnershipEvents.Offered, offer, caller.UserId, now)] };
        var etag = await store.CreateAsync(Collections.Partnerships, offer.CreatorId, offer.Id, offer, cancellationToken);
        return await FlushAsync(new StoredDocument<Partnership>(offer, etag), cancellationToken);
    }

    /// <summary>The addressed creator accepts an open offer before its deadline: the partnership is active from now.</summary>
    public Task<StoredDocument<Partnership>> AcceptAsync(Caller caller, string offerId, CancellationToken cancellationToken) =>
        AnswerAsync(caller, offerId, accept: true, cancellationToken);

    /// <summary>The addressed creator declines an open offer.</summary>
    public Task<StoredDocument<Partnership>> DeclineAsync(Caller caller, string offerId, CancellationToken cancellationToken) =>
        AnswerAsync(caller, offerId, accept: false, cancellationToken);

    /// <summary>The creator ends an active partnership (or an offer they have not answered is withdrawn by declining).</summary>
    public Task<StoredDocument<Partnership>> EndAsCreatorAsync(Caller caller, string offerId, CancellationToken cancellationToken) =>
        EndAsync(caller, caller.UserId, offerId, cancellationToken);

    /// <summary>A brand member ends an active partnership, or withdraws an offer not yet answered.</summary>
    public async Task<StoredDocument<Partnership>> EndAsBrandAsync(Caller caller, string brandId, string offerId, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        var found = await FindForBrandAsync(brandId, offerId, cancellationToken);
        return await EndAsync(caller, found.Value.CreatorId, offerId, cancellationToken, brandId);
    }

    /// <summary>One of the brand's offers, for its members.</summary>
    public async Task<StoredDocument<Partnership>> GetForBrandAsync(Caller caller, string brandId, string offerId, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        return await FindForBrandAsync(brandId, offerId, cancellationToken);
    }

    public async Task<IReadOnlyList<Partnership>> ListForBrandAsync(Caller caller, string brandId, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        return await QueryAllAsync(new DocumentQuery { Where = [new("brandId", brandId)], OrderBy = "offeredAt", Descending = true, Limit = 100 }, cancellationToken);
    }

    /// <summary>A creator's offers and partnerships, newest first (their inbox, and their data export).</summary>
    public Task<IReadOnlyList<Partnership>> ListForCreatorAsync(string creatorId, CancellationToken cancellationToken) =>
        QueryAllAsync(new DocumentQuery { PartitionKey = creatorId, OrderBy = "offeredAt", Descending = true, Limit = 100 }, cancellationToken);

    /// <summary>The drafts handed off to the creator and not yet published, newest first.</summary>
    public async Task<IReadOnlyList<CreatorDraftView>> ListDraftsForCreatorAsync(string creatorId, CancellationToken cancellationToken) =>
        (await ListForCreatorAsync(creatorId, cancellationToken))
            .SelectMany(p => p.Drafts.Select(d => new CreatorDraftView(p.Id, p.BrandId, d)))
            .Where(d => d.Draft.PublishedNoteId is null)
            .OrderByDescending(d => d.Draft.HandedOffAt)
            .ToList();

    /// <summary>
    /// Puts a studio draft in the creator's inbox under their active partnership with the brand (422
    /// <c>partnership.required</c> without one). Idempotent per draft: handing the same draft off again changes nothing.
    /// </summary>
    public async Task<StoredDocument<Partnership>> HandOffAsync(Caller caller, string brandId, string creatorId, CreatorDraft draft, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        var active = await FindActiveAsync(brandId, creatorId, cancellationToken)
            ?? throw new PlatformException(ErrorKind.Unprocessable, "partnership.required",
                "Drafts go to creators who accepted an offer from this brand; send them an offer first.");
        var now = clock.GetUtcNow();
        var update = await store.UpdateAsync<Partnership>(Collections.Partnerships, creatorId, active.Value.Id, current =>
        {
            if (current is null || !current.IsActive)
            {
                throw new PlatformException(ErrorKind.Unprocessable, "partnership.required", "The partnership with this creator has ended.");
            }

            if (current.Drafts.Any(d => d.DraftId == draft.DraftId))
            {
                return null;
            }

            var handOff = new DraftHandedOff(brandId, draft.SuggestionId, draft.DraftId, creatorId, caller.UserId, now);
            return current with
            {
                Drafts = [.. current.Drafts, draft with { HandedOffBy = caller.UserId, HandedOffAt = now }],
                PendingEvents = [.. current.PendingEvents, PartnershipEvents.For(handOff)],
            };
        }, cancellationToken);
        return update.Written is { } written ? await FlushAsync(written, cancellationToken) : update.Current!;
    }

    /// <summary>The creator's handed-off draft (404 for anyone else's).</summary>
    public async Task<(Partnership Partnership, CreatorDraft Draft)> FindDraftAsync(string creatorId, string draftId, CancellationToken cancellationToken)
    {
        foreach (var p in await ListForCreatorAsync(creatorId, cancellationToken))
        {
            if (p.Drafts.FirstOrDefault(d => d.DraftId == draftId) is { } draft)
            {
                return (p, draft);
            }
        }

        throw PlatformException.NotFound("draft.not_found", $"No draft '{draftId}' was handed off to you.");
    }

    /// <summary>Records which note a draft became, so it leaves the inbox and the campaign links it.</summary>
    public async Task MarkPublishedAsync(string creatorId, string offerId, string draftId, string noteId, CancellationToken cancellationToken) =>
        await store.UpdateAsync<Partnership>(Collections.Partnerships, creatorId, offerId, current =>
            current is null || current.Drafts.All(d => d.DraftId != draftId || d.PublishedNoteId is not null)
                ? null
                : current with
                {
                    Drafts = current.Drafts.Select(d => d.DraftId == draftId ? d with { PublishedNoteId = noteId, PublishedAt = clock.GetUtcNow() } : d).ToList(),
                }, DocumentUpdates.UntilWritten, cancellationToken);

    /// <summary>Account erasure: the creator's offers and partnerships go.</summary>
    public async Task EraseCreatorAsync(string creatorId, CancellationToken cancellationToken)
    {
        foreach (var p in await ListForCreatorAsync(creatorId, cancellationToken))
        {
            await store.DeleteAsync(Collections.Partnerships, creatorId, p.Id, null, cancellationToken);
        }
    }

    private async Task<StoredDocument<Partnership>> AnswerAsync(Caller caller, string offerId, bool accept, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var update = await UpdateOwnAsync(caller.UserId, offerId, current =>
        {
            if (current.State != PartnershipState.Offered)
            {
                // Answering again the same way is a no-op; anything else is too late.
                if (current.State == (accept ? PartnershipState.Active : PartnershipState.Declined))
                {
                    return null;
                }

                throw PlatformException.Conflict("offer.not_open", $"This offer is {current.State.ToString().ToLowerInvariant()}; it can no longer be answered.");
            }

            if (accept && now > current.Terms.Deadline)
            {
                throw PlatformException.Conflict("offer.expired", "The offer's deadline has passed; ask the brand for a new one.");
            }

            var next = current with { State = accept ? PartnershipState.Active : PartnershipState.Declined, AnsweredAt = now };
            return next with { PendingEvents = [.. current.PendingEvents, Event(accept ? PartnershipEvents.Accepted : PartnershipEvents.Declined, next, caller.UserId, now)] };
        }, cancellationToken);
        return update;
    }

    private async Task<StoredDocument<Partnership>> EndAsync(Caller caller, string creatorId, string offerId, CancellationToken cancellationToken, string? brandId = null)
    {
        var now = clock.GetUtcNow();
        return await UpdateOwnAsync(creatorId, offerId, current =>
        {
            if (brandId is not null && current.BrandId != brandId)
            {
                throw OfferNotFound(offerId);
            }

            // Only the brand withdraws an offer not yet answered; the creator declines it instead.
            var endable = current.State == PartnershipState.Active || (brandId is not null && current.State == PartnershipState.Offered);
            if (!endable)
            {
                if (current.State == PartnershipState.Ended)
                {
                    return null;
                }

                throw PlatformException.Conflict("partnership.not_active", "Only an active partnership (or, for the brand, an open offer) can be ended.");
            }

            var next = current with { State = PartnershipState.Ended, EndedAt = now, EndedBy = caller.UserId };
            return next with { PendingEvents = [.. current.PendingEvents, Event(PartnershipEvents.Ended, next, caller.UserId, now)] };
        }, cancellationToken);
    }

    // An offer addressed to someone else does not exist for the caller (its partition is the creator's).
    private async Task<StoredDocument<Partnership>> UpdateOwnAsync(string creatorId, string offerId, Func<Partnership, Partnership?> change, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(offerId) || !Ids.IsWellFormed(creatorId))
        {
            throw OfferNotFound(offerId);
        }

        var update = await store.UpdateAsync<Partnership>(Collections.Partnerships, creatorId, offerId,
            current => current is null ? throw OfferNotFound(offerId) : change(current), cancellationToken);
        return update.Written is { } written ? await FlushAsync(written, cancellationToken) : update.Current!;
    }

    private async Task<StoredDocument<Partnership>> FindForBrandAsync(string brandId, string offerId, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(offerId))
        {
            throw OfferNotFound(offerId);
        }

        var page = await store.QueryAsync<Partnership>(Collections.Partnerships,
            new DocumentQuery { Where = [new("brandId", brandId), new("id", offerId)], OrderBy = "offeredAt", Limit = 1 }, cancellationToken);
        return page.Items.Count > 0 ? page.Items[0] : throw OfferNotFound(offerId);
    }

    private Task<StoredDocument<Partnership>> FlushAsync(StoredDocument<Partnership> written, CancellationToken cancellationToken) =>
        outbox.FlushAsync(Collections.Partnerships, written.Value.CreatorId, written.Value.Id, written, cancellationToken);

    private static OutgoingMessage Event(string type, Partnership p, string actorId, DateTimeOffset at) =>
        PartnershipEvents.For(type, new PartnershipChanged(p.Id, p.BrandId, p.CreatorId, actorId, at));

    private async Task<IReadOnlyList<Partnership>> QueryAllAsync(DocumentQuery query, CancellationToken cancellationToken)
    {
        var all = new List<Partnership>();
        string? continuation = null;
        do
        {
            var page = await store.QueryAsync<Partnership>(Collections.Partnerships, query with { Continuation = continuation }, cancellationToken);
            all.AddRange(page.Items.Select(i => i.Value));
            continuation = page.Continuation;
        }
        while (continuation is not null);
        return all;
    }

    private static PlatformException OfferNotFound(string offerId) =>
        PlatformException.NotFound("offer.not_found", $"Offer '{offerId}' does not exist.");

    private static void RequireMember(Caller caller, string brandId)
    {
        if (!Ids.IsWellFormed(brandId) || !caller.IsMemberOfBrand(brandId))
        {
            throw PlatformException.Forbidden("brand.member_only", "Only members of this brand may manage its offers and partnerships.");
        }
    }
}
