using Platform.Core.Commerce;
using Platform.Core.Storage;

namespace Platform.Core.Studio;

/// <summary>
/// Product facts from the commerce catalogue: a brand's own products only (another brand's product is unknown, so the
/// brief is refused), with the title, the price range of its SKUs, their attributes and the description's sentences.
/// </summary>
public sealed class CatalogProductFacts(IDocumentStore store) : IStudioProductFacts
{
    private const int MaxFacts = 6;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ProductFacts>> GetAsync(string brandId, IReadOnlyList<string> productIds, CancellationToken cancellationToken)
    {
        var facts = new List<ProductFacts>();
        foreach (var id in productIds)
        {
            var product = (await store.FindAsync<Product>(Collections.Products, id, id, cancellationToken))?.Value;
            if (product is null || product.BrandId != brandId || product.Status != ProductStatus.Active)
            {
                continue;
            }

            var lines = product.Description
                .Split(['。', '\n', '！', '!', '；', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Concat(product.Skus.SelectMany(s => s.Attributes).Select(a => $"{a.Key}: {a.Value}").Distinct())
                .Where(l => l.Length > 0)
                .Take(MaxFacts)
                .ToList();
            var cheapest = product.Skus.MinBy(s => s.Price.AmountMinor)?.Price;
            facts.Add(new ProductFacts(
                product.Id,
                product.Title,
                Category: null,
                cheapest is null ? null : cheapest.AmountMinor / 100m,
                cheapest?.Currency,
                lines,
                Topics: []));
        }

        return facts;
    }
}
