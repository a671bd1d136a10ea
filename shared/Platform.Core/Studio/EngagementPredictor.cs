using System.Globalization;
using Platform.Core.Studio.Analytics;

namespace Platform.Core.Studio;

/// <summary>
/// Predicts a draft's engagement rate from the analytics and explains it. The prediction is the scope's baseline rate
/// times each of the draft's features' lift, each lift shrunk towards 1 by how little evidence it has
/// (weight = notes / (notes + <see cref="EvidencePrior"/>)); a draft's topics count as their average so more topics do
/// not inflate the score. Score 50 means "as the average note"; 100 is unreachable.
/// </summary>
public sealed class EngagementPredictor
{
    /// <summary>Notes of evidence at which a feature's lift counts half.</summary>
    public const double EvidencePrior = 20;

    private const int MinNotesForAdvice = 5;

    public DraftScore Score(CheckedDraft draft, StudioInsights insights)
    {
        var advice = Advice(insights);
        if (insights.NoteCount == 0 || insights.BaselineEngagementRate <= 0)
        {
            return new DraftScore(50, 0, 0, "No analytics yet for this scope: every draft scores as the average (50).", [], advice);
        }

        // A draft is brand content: it is always disclosed as sponsored.
        var (predicted, ordered) = Predict(draft.Topics, [.. NoteFeatures.OfTitle(draft.Title), NoteFeatures.Sponsored], insights);
        var score = (int)Math.Round(100 * predicted / (predicted + insights.BaselineEngagementRate));
        var explanation = ordered.Count == 0
            ? "None of this draft's features has analytics yet: it scores as the average."
            : string.Join("; ", ordered.Take(4).Select(c =>
                string.Create(CultureInfo.InvariantCulture, $"{c.Label} {(c.Effect >= 0 ? "+" : "")}{c.Effect:0%} (lift {c.Lift:0.00} over {c.Notes} notes)")));
        return new DraftScore(score, predicted, insights.BaselineEngagementRate, explanation, ordered, advice);
    }

    /// <summary>
    /// The predicted engagement rate of content with these topics and other feature keys (title patterns, disclosure, format,
    /// posting time), and each feature's contribution, largest effect first.
    /// </summary>
    public (double Rate, IReadOnlyList<ScoreContribution> Contributions) Predict(
        IReadOnlyList<string> topics, IEnumerable<string> features, StudioInsights insights)
    {
        var contributions = new List<ScoreContribution>();
        var known = topics
            .Select(t => insights.Find(NoteFeatures.Topic(t)))
            .OfType<FeatureInsight>()
            .DistinctBy(f => f.Key)
            .ToList();
        foreach (var topic in known)
        {
            contributions.Add(Contribution(topic, share: 1.0 / known.Count));
        }

        foreach (var key in features.Distinct(StringComparer.Ordinal))
        {
            if (insights.Find(key) is { } feature)
            {
                contributions.Add(Contribution(feature, share: 1));
            }
        }

        var logLift = contributions.Sum(c => Math.Log(1 + c.Effect));
        return (insights.BaselineEngagementRate * Math.Exp(logLift), contributions.OrderByDescending(c => Math.Abs(c.Effect)).ToList());
    }

    private static ScoreContribution Contribution(FeatureInsight feature, double share)
    {
        var weight = feature.Notes / (feature.Notes + EvidencePrior) * share;
        var effect = Math.Exp(weight * Math.Log(Math.Max(feature.Lift, 1e-6))) - 1;
        return new ScoreContribution(feature.Key, feature.Label, feature.Lift, feature.Notes, weight, effect);
    }

    // Posting time and format are not in a text draft; say which ones perform so the creator can choose them.
    private static List<string> Advice(StudioInsights insights) =>
        new[] { FeatureKind.PostingTime, FeatureKind.Format }
            .Select(kind => insights.OfKind(kind).Where(f => f.Notes >= MinNotesForAdvice && f.Lift > 1).MaxBy(f => f.Lift))
            .OfType<FeatureInsight>()
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Label}: {f.Lift:0.00}x the average engagement ({f.Notes} notes)"))
            .ToList();
}

/// <summary>A draft's predicted engagement, and the features that moved it (largest effect first).</summary>
public sealed record DraftScore(
    int Score,
    double PredictedEngagementRate,
    double BaselineEngagementRate,
    string Explanation,
    IReadOnlyList<ScoreContribution> Contributions,
    IReadOnlyList<string> Advice);

/// <summary>One feature's part in a score: its lift in the analytics, the weight its evidence earned, and the resulting relative effect.</summary>
public sealed record ScoreContribution(string Feature, string Label, double Lift, int Notes, double Weight, double Effect);
