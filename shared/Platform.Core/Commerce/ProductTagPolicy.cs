using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>
/// A note may tag only products that exist and are on sale. Checked for tags a create or edit adds, so a product delisted
/// later does not block editing an old note (its card simply stops showing).
/// </summary>
public sealed class ProductTagPolicy(IDocumentStore store) : INotePolicy
{
    /// <inheritdoc/>
    public async Task<Note> ApplyAsync(Caller caller, Note proposed, Note? previous, CancellationToken cancellationToken)
    {
        var added = proposed.ProductIds.Except(previous?.ProductIds ?? [], StringComparer.Ordinal).ToList();
        var found = await Task.WhenAll(added.Select(id => store.FindAsync<Product>(Collections.Products, id, id, cancellationToken)));
        var unknown = added.Where((id, i) => found[i] is not { Value.Status: ProductStatus.Active }).ToList();
        if (unknown.Count > 0)
        {
            throw PlatformException.Invalid("productIds", "note.unknown_product",
                $"These products do not exist or are not on sale: {string.Join(", ", unknown)}.");
        }

        return proposed;
    }
}
