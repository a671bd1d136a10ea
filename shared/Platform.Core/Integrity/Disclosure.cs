using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Integrity;

/// <summary>
/// Which brand sells a product. Commerce owns products and provides the real one; until it is registered, every product
/// is unknown and disclosure cannot be enforced from tagged products.
/// </summary>
public interface IProductDirectory
{
    /// <summary>The id of the brand that sells <paramref name="productId"/>, or null when the product is unknown.</summary>
    Task<string?> GetBrandOfProductAsync(string productId, CancellationToken cancellationToken);
}

/// <summary>The stand-in used while no commerce module registers an <see cref="IProductDirectory"/>.</summary>
public sealed class UnknownProducts : IProductDirectory
{
    /// <inheritdoc/>
    public Task<string?> GetBrandOfProductAsync(string productId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}

/// <summary>
/// A note that tags a product of a brand its author has a paid partnership with must carry the sponsored label and name
/// that brand (shared/README.md, Product rules: Disclosure: undisclosed paid notes are violations). Refused with 422 <c>note.disclosure_required</c>.
/// </summary>
public sealed class DisclosureNotePolicy(IProductDirectory products, PartnershipService partnerships) : INotePolicy
{
    /// <inheritdoc/>
    public async Task<Note> ApplyAsync(Caller caller, Note proposed, Note? previous, CancellationToken cancellationToken)
    {
        if (proposed.ProductIds.Count == 0)
        {
            return proposed;
        }

        var brands = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var productId in proposed.ProductIds)
        {
            if (await products.GetBrandOfProductAsync(productId, cancellationToken) is { } brandId)
            {
                (brands.TryGetValue(brandId, out var list) ? list : brands[brandId] = []).Add(productId);
            }
        }

        var partners = new List<string>();
        foreach (var brandId in brands.Keys)
        {
            if (await partnerships.IsActiveAsync(brandId, proposed.AuthorId, cancellationToken))
            {
                partners.Add(brandId);
            }
        }

        if (partners.Count == 0 || (proposed.Sponsored && partners.Contains(proposed.PartnerBrandId!)))
        {
            return proposed;
        }

        var tagged = partners.SelectMany(b => brands[b]).ToList();
        throw new PlatformException(ErrorKind.Unprocessable, "note.disclosure_required",
            $"This note tags products of {string.Join(", ", partners)}, with whom you have a paid partnership: mark it sponsored " +
            $"(\"sponsored\": true) and name the brand (\"partnerBrandId\": \"{partners[0]}\").")
        {
            Details = new Dictionary<string, object?> { ["partnerBrandIds"] = partners, ["productIds"] = tagged },
        };
    }
}

/// <summary>A paid brand-creator partnership (Pugongying-style): while active, the creator's notes tagging the brand's
/// products must be labelled as sponsored.</summary>
public sealed record Partnership(string BrandId, string CreatorId, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt = null)
{
    public bool IsActive => EndedAt is null;
}

public sealed record CreatePartnershipRequest(string? CreatorId);

/// <summary>Partnerships, managed by the brand's members; creators can list theirs.</summary>
public sealed class PartnershipService(IDocumentStore store, TimeProvider clock)
{
    public async Task<bool> IsActiveAsync(string brandId, string creatorId, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(brandId) && Ids.IsWellFormed(creatorId)
        && (await store.FindAsync<Partnership>(Collections.Partnerships, creatorId, brandId, cancellationToken))?.Value.IsActive == true;

    /// <summary>Starts (or restarts) a partnership; idempotent.</summary>
    public async Task<Partnership> CreateAsync(Caller caller, string brandId, CreatePartnershipRequest request, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        if (!Ids.IsWellFormed(request.CreatorId))
        {
            throw PlatformException.Invalid("creatorId", "partnership.creator_required", "Name the creator (their user id).");
        }

        var existing = await store.FindAsync<Partnership>(Collections.Partnerships, request.CreatorId!, brandId, cancellationToken);
        if (existing?.Value.IsActive == true)
        {
            return existing.Value;
        }

        var partnership = new Partnership(brandId, request.CreatorId!, caller.UserId, clock.GetUtcNow());
        await store.UpsertAsync(Collections.Partnerships, partnership.CreatorId, brandId, partnership, cancellationToken);
        return partnership;
    }

    /// <summary>Ends a partnership (kept, with its end date, for the record).</summary>
    public async Task EndAsync(Caller caller, string brandId, string creatorId, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        var existing = Ids.IsWellFormed(creatorId)
            ? await store.FindAsync<Partnership>(Collections.Partnerships, creatorId, brandId, cancellationToken)
            : null;
        if (existing is null || !existing.Value.IsActive)
        {
            throw PlatformException.NotFound("partnership.not_found", "There is no active partnership with this creator.");
        }

        await store.UpsertAsync(Collections.Partnerships, creatorId, brandId, existing.Value with { EndedAt = clock.GetUtcNow() }, cancellationToken);
    }

    public async Task<IReadOnlyList<Partnership>> ListForBrandAsync(Caller caller, string brandId, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        return await QueryAllAsync(new DocumentQuery { Where = [new("brandId", brandId)], OrderBy = "createdAt", Limit = 100 }, cancellationToken);
    }

    public Task<IReadOnlyList<Partnership>> ListForCreatorAsync(string creatorId, CancellationToken cancellationToken) =>
        QueryAllAsync(new DocumentQuery { PartitionKey = creatorId, OrderBy = "createdAt", Limit = 100 }, cancellationToken);

    /// <summary>Account erasure: the creator's partnerships end and lose the link to them.</summary>
    public async Task EraseCreatorAsync(string creatorId, CancellationToken cancellationToken)
    {
        foreach (var p in await ListForCreatorAsync(creatorId, cancellationToken))
        {
            await store.DeleteAsync(Collections.Partnerships, creatorId, p.BrandId, null, cancellationToken);
        }
    }

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

    private static void RequireMember(Caller caller, string brandId)
    {
        if (!Ids.IsWellFormed(brandId) || !caller.IsMemberOfBrand(brandId))
        {
            throw PlatformException.Forbidden("brand.member_only", "Only members of this brand may manage its partnerships.");
        }
    }
}
