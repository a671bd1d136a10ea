using Platform.Core.Common;
using Platform.Core.Integrity;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>
/// The catalogue answers the disclosure rule's question: which brand sells a tagged product. It reads the store directly,
/// because <see cref="CatalogService"/> itself depends on notes (and note policies depend on this).
/// </summary>
public sealed class CatalogProductDirectory(IDocumentStore store) : IProductDirectory
{
    /// <inheritdoc/>
    public async Task<string?> GetBrandOfProductAsync(string productId, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(productId)
            ? (await store.FindAsync<Product>(Collections.Products, productId, productId, cancellationToken))?.Value.BrandId
            : null;
}
