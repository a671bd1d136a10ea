using Platform.Core.Studio.Analytics;

namespace Platform.Core.Studio;

/// <summary>
/// Facts about a brand's products, for grounding drafts. The commerce catalogue implements it; it returns only products
/// of that brand, so a brief naming someone else's product is refused.
/// </summary>
public interface IStudioProductFacts
{
    /// <summary>Facts for each of <paramref name="productIds"/> that belongs to <paramref name="brandId"/>; unknown ids are left out.</summary>
    Task<IReadOnlyList<ProductFacts>> GetAsync(string brandId, IReadOnlyList<string> productIds, CancellationToken cancellationToken);
}

/// <summary>What a draft may say about a product: name, category, price and plain facts (no claims beyond these).</summary>
public sealed record ProductFacts(
    string ProductId,
    string? Name,
    string? Category,
    decimal? Price,
    string? Currency,
    IReadOnlyList<string> Facts,
    IReadOnlyList<string> Topics);

/// <summary>What performs, from the content analytics (aggregates kept up to date by message handlers).</summary>
public interface IStudioInsights
{
    /// <summary>Insights over the given topics (all content when none); never scans notes per request.</summary>
    Task<StudioInsights> GetAsync(InsightScope scope, CancellationToken cancellationToken);
}

public sealed record InsightScope(IReadOnlyList<string> Topics);

/// <summary>
/// Which features of notes go with engagement and sales in a scope. A feature's lift is its engagement rate over the
/// scope's baseline; 1 means no difference.
/// </summary>
public sealed record StudioInsights(
    string Scope,
    int NoteCount,
    double BaselineEngagementRate,
    double BaselineConversionRate,
    IReadOnlyList<FeatureInsight> Features,
    IReadOnlyList<PerformerInsight> TopPerformers,
    IReadOnlyList<PerformerInsight> BottomPerformers,
    ContentFunnel? Funnel = null)
{
    public static StudioInsights Empty(string scope) => new(scope, 0, 0, 0, [], [], []);

    public FeatureInsight? Find(string key) => Features.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<FeatureInsight> OfKind(FeatureKind kind) => Features.Where(f => f.Kind == kind);
}

/// <summary>One feature (a topic, "title has a number", "posted in the evening", ...) and how notes with it do.</summary>
public sealed record FeatureInsight(
    string Key,
    FeatureKind Kind,
    string Label,
    int Notes,
    double EngagementRate,
    double Lift,
    double ConversionRate,
    long Orders,
    decimal Revenue);

public enum FeatureKind
{
    Topic,
    TitlePattern,
    Format,
    PostingTime,
    Disclosure,
}

/// <summary>A note that stands out in a scope, and why (the features that set it apart).</summary>
public sealed record PerformerInsight(string NoteId, double EngagementRate, long Views, long Orders, decimal Revenue, IReadOnlyList<string> Reasons);

/// <summary>
/// Top-performing notes to show the model as examples (retrieval-augmented generation). Search implements it by
/// relevance to the brief; the analytics fallback returns the best performers of the brief's topics.
/// </summary>
public interface IExemplarSource
{
    Task<IReadOnlyList<Exemplar>> FindAsync(ExemplarQuery query, CancellationToken cancellationToken);
}

/// <param name="TargetQuery">A search query the drafts should answer: notes that search finds for it come first.</param>
public sealed record ExemplarQuery(string Text, IReadOnlyList<string> Topics, string Language, int Count, string? TargetQuery = null);

/// <summary>
/// An example note as the prompt may carry it. It deliberately has no author, id or handle: exemplars are content,
/// and users' personal data never goes to a model.
/// </summary>
public sealed record Exemplar(string Title, string Body, IReadOnlyList<string> Topics, double EngagementRate);
