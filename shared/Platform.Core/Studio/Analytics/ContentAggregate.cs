using System.Globalization;

namespace Platform.Core.Studio.Analytics;

/// <summary>
/// The totals of one scope (all content, a topic, a brand): overall and per feature, plus the top and bottom
/// performers. Changed only by <see cref="Apply"/>, which removes a note's previous contribution and adds its new one,
/// so the aggregate stays exact without rescanning notes.
/// </summary>
public sealed record ContentAggregate
{
    /// <summary>Notes need this many views before they can rank as top or bottom performers.</summary>
    public const int MinViewsToRank = 20;

    public const int PerformersKept = 10;

    public required string Scope { get; init; }

    public FeatureTotals Totals { get; init; } = FeatureTotals.Zero;

    public Dictionary<string, FeatureTotals> Features { get; init; } = new(StringComparer.Ordinal);

    public IReadOnlyList<PerformerEntry> Top { get; init; } = [];

    public IReadOnlyList<PerformerEntry> Bottom { get; init; } = [];

    /// <summary>The aggregate with <paramref name="noteId"/>'s contribution moved from <paramref name="before"/> to <paramref name="after"/> (either may be null).</summary>
    public ContentAggregate Apply(string noteId, NoteContribution? before, NoteContribution? after)
    {
        var features = new Dictionary<string, FeatureTotals>(Features, StringComparer.Ordinal);
        var totals = Totals;
        if (before is not null)
        {
            totals = totals.Minus(FeatureTotals.Of(before));
            foreach (var key in before.Features)
            {
                var left = features.GetValueOrDefault(key, FeatureTotals.Zero).Minus(FeatureTotals.Of(before));
                if (left.Notes <= 0)
                {
                    features.Remove(key);
                }
                else
                {
                    features[key] = left;
                }
            }
        }

        if (after is not null)
        {
            totals = totals.Plus(FeatureTotals.Of(after));
            foreach (var key in after.Features)
            {
                features[key] = features.GetValueOrDefault(key, FeatureTotals.Zero).Plus(FeatureTotals.Of(after));
            }
        }

        var top = Top.Where(p => p.NoteId != noteId).ToList();
        var bottom = Bottom.Where(p => p.NoteId != noteId).ToList();
        if (after is { Views: >= MinViewsToRank })
        {
            var entry = new PerformerEntry(noteId, after.EngagementRate, after.Views, after.Orders, after.Revenue, after.Features);
            top.Add(entry);
            bottom.Add(entry);
        }

        return this with
        {
            Totals = totals,
            Features = features,
            Top = top.OrderByDescending(p => p.EngagementRate).ThenBy(p => p.NoteId, StringComparer.Ordinal).Take(PerformersKept).ToList(),
            Bottom = bottom.OrderBy(p => p.EngagementRate).ThenBy(p => p.NoteId, StringComparer.Ordinal).Take(PerformersKept).ToList(),
        };
    }

    /// <summary>What performs in this scope: each feature's engagement rate against the scope's, and why the outliers stand out.</summary>
    public StudioInsights ToInsights()
    {
        var baseline = Totals.EngagementRate;
        var features = Features
            .Where(f => f.Value.Notes > 0)
            .Select(f => new FeatureInsight(
                f.Key,
                NoteFeatures.KindOf(f.Key),
                NoteFeatures.Label(f.Key),
                (int)f.Value.Notes,
                f.Value.EngagementRate,
                baseline > 0 ? f.Value.EngagementRate / baseline : 1,
                f.Value.ConversionRate,
                f.Value.Orders,
                f.Value.Revenue))
            .OrderBy(f => f.Kind).ThenByDescending(f => f.Lift).ThenBy(f => f.Key, StringComparer.Ordinal)
            .ToList();
        var lifts = features.ToDictionary(f => f.Key, f => f, StringComparer.Ordinal);
        return new StudioInsights(
            Scope,
            (int)Totals.Notes,
            baseline,
            Totals.ConversionRate,
            features,
            Top.Select(p => Explain(p, baseline, lifts, best: true)).ToList(),
            Bottom.Select(p => Explain(p, baseline, lifts, best: false)).ToList(),
            Totals.Funnel());
    }

    // A performer stands out through its rate against the scope's, and through the features that lift (or drag) most.
    private static PerformerInsight Explain(PerformerEntry p, double baseline, Dictionary<string, FeatureInsight> lifts, bool best)
    {
        var reasons = new List<string>();
        if (baseline > 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"engagement {p.EngagementRate:0.0%}, {p.EngagementRate / baseline:0.00}x the average"));
        }

        var known = p.Features.Select(f => lifts.GetValueOrDefault(f)).OfType<FeatureInsight>().Where(f => f.Notes > 1);
        var telling = best
            ? known.Where(f => f.Lift > 1).OrderByDescending(f => f.Lift)
            : known.Where(f => f.Lift < 1).OrderBy(f => f.Lift);
        reasons.AddRange(telling.Take(3).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Label} ({f.Lift:0.00}x)")));
        if (p.Orders > 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{p.Orders} orders, revenue {p.Revenue:0.##}"));
        }

        return new PerformerInsight(p.NoteId, p.EngagementRate, p.Views, p.Orders, p.Revenue, reasons);
    }

    /// <summary>Several scopes as one (for a brief with several topics): totals add up, performers merge.</summary>
    public static ContentAggregate Merge(string scope, IReadOnlyList<ContentAggregate> parts)
    {
        var features = new Dictionary<string, FeatureTotals>(StringComparer.Ordinal);
        foreach (var (key, value) in parts.SelectMany(p => p.Features))
        {
            features[key] = features.GetValueOrDefault(key, FeatureTotals.Zero).Plus(value);
        }

        var performers = parts.SelectMany(p => p.Top.Concat(p.Bottom)).DistinctBy(p => p.NoteId).ToList();
        return new ContentAggregate
        {
            Scope = scope,
            Totals = parts.Aggregate(FeatureTotals.Zero, (sum, p) => sum.Plus(p.Totals)),
            Features = features,
            Top = performers.OrderByDescending(p => p.EngagementRate).ThenBy(p => p.NoteId, StringComparer.Ordinal).Take(PerformersKept).ToList(),
            Bottom = performers.OrderBy(p => p.EngagementRate).ThenBy(p => p.NoteId, StringComparer.Ordinal).Take(PerformersKept).ToList(),
        };
    }
}

/// <summary>Sums over the notes with a feature (or in a scope). Rates are ratios of sums, so big notes weigh more.</summary>
public sealed record FeatureTotals(
    long Notes, long Views, long Engagements, long ProductClicks, long Orders, decimal Revenue,
    long Impressions = 0, long Likes = 0, long Collects = 0, long Comments = 0, long Shares = 0)
{
    public static FeatureTotals Zero { get; } = new(0, 0, 0, 0, 0, 0);

    public static FeatureTotals Of(NoteContribution c) =>
        new(1, c.Views, c.Engagements, c.ProductClicks, c.Orders, c.Revenue, c.Impressions, c.Likes, c.Collects, c.Comments, c.Shares);

    /// <summary>The funnel these totals make, from impressions down to revenue.</summary>
    public ContentFunnel Funnel() => new(Impressions, Views, Likes, Collects, Comments, Shares, ProductClicks, Orders, Revenue);

    public double EngagementRate => Views == 0 ? 0 : (double)Engagements / Views;

    /// <summary>Orders per view.</summary>
    public double ConversionRate => Views == 0 ? 0 : (double)Orders / Views;

    public FeatureTotals Plus(FeatureTotals o) =>
        new(Notes + o.Notes, Views + o.Views, Engagements + o.Engagements, ProductClicks + o.ProductClicks, Orders + o.Orders, Revenue + o.Revenue,
            Impressions + o.Impressions, Likes + o.Likes, Collects + o.Collects, Comments + o.Comments, Shares + o.Shares);

    public FeatureTotals Minus(FeatureTotals o) =>
        new(Notes - o.Notes, Views - o.Views, Engagements - o.Engagements, ProductClicks - o.ProductClicks, Orders - o.Orders, Revenue - o.Revenue,
            Impressions - o.Impressions, Likes - o.Likes, Collects - o.Collects, Comments - o.Comments, Shares - o.Shares);
}

public sealed record PerformerEntry(string NoteId, double EngagementRate, long Views, long Orders, decimal Revenue, IReadOnlyList<string> Features);

/// <summary>
/// What readers did with a scope's notes, step by step: cards seen, notes opened, engaged with, products tapped, orders and
/// revenue (net of refunds). Each step's rate is against the step before it.
/// </summary>
public sealed record ContentFunnel(
    long Impressions, long Views, long Likes, long Collects, long Comments, long Shares, long ProductClicks, long Orders, decimal Revenue)
{
    /// <summary>Views per impression (the card's click-through).</summary>
    public double ViewRate => Impressions == 0 ? 0 : (double)Views / Impressions;

    /// <summary>Likes, collects, comments and shares per view.</summary>
    public double EngagementRate => Views == 0 ? 0 : (double)(Likes + Collects + Comments + Shares) / Views;

    /// <summary>Product clicks per view.</summary>
    public double ProductClickRate => Views == 0 ? 0 : (double)ProductClicks / Views;

    /// <summary>Orders per product click.</summary>
    public double OrderRate => ProductClicks == 0 ? 0 : (double)Orders / ProductClicks;
}
