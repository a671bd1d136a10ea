namespace Platform.Core.Studio;

/// <summary>
/// Stands in for the commerce catalogue until it implements <see cref="IStudioProductFacts"/>: it knows no product
/// details, so every named product is accepted and the drafts rest on the brief's key messages alone.
/// </summary>
public sealed class BriefOnlyProductFacts : IStudioProductFacts
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<ProductFacts>> GetAsync(string brandId, IReadOnlyList<string> productIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProductFacts>>(productIds.Select(id => new ProductFacts(id, null, null, null, null, [], [])).ToList());
}
