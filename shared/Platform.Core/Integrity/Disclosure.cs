using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Notes;

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

/// <summary>
/// A note may claim a brand's sponsorship (<c>sponsored: true, partnerBrandId: X</c>) only while its author has an accepted,
/// active partnership with X: anyone else's claim is refused with 422 <c>sponsorship.no_partnership</c>, so it can never land
/// in X's analytics. A claim stored while the partnership was active stays on later edits after it ends (the note was paid).
/// </summary>
public sealed class SponsorshipNotePolicy(PartnershipService partnerships) : INotePolicy
{
    /// <inheritdoc/>
    public async Task<Note> ApplyAsync(Caller caller, Note proposed, Note? previous, CancellationToken cancellationToken)
    {
        if (!proposed.Sponsored || proposed.PartnerBrandId is not { } brandId)
        {
            return proposed;
        }

        var unchanged = previous is { Sponsored: true } && previous.PartnerBrandId == brandId;
        if (unchanged || await partnerships.IsActiveAsync(brandId, proposed.AuthorId, cancellationToken))
        {
            return proposed;
        }

        throw new PlatformException(ErrorKind.Unprocessable, "sponsorship.no_partnership",
            $"You have no active partnership with '{brandId}': a note can be sponsored only by a brand whose offer you accepted.")
        {
            Details = new Dictionary<string, object?> { ["partnerBrandId"] = brandId },
        };
    }
}
