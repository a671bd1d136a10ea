using Platform.Core.Studio.Analytics;

namespace Platform.Core.Studio;

/// <summary>
/// How well the engagement predictor fits real numbers: k-fold cross-validation over notes' metrics. Each fold's notes are
/// held out, the analytics are rebuilt from the other notes alone, and the held-out notes' engagement rates are predicted
/// from their features. The baseline predicts every note at the training notes' average rate; a useful predictor beats it.
/// </summary>
public static class PredictorEvaluation
{
    public static PredictorFit Evaluate(EngagementPredictor predictor, IReadOnlyList<NoteMetrics> notes, int folds = 5)
    {
        var usable = notes
            .Where(n => n.Contribution() is { Views: >= ContentAggregate.MinViewsToRank })
            .OrderBy(n => n.NoteId, StringComparer.Ordinal)
            .ToList();
        double error = 0, baselineError = 0;
        var held = 0;
        for (var fold = 0; fold < folds && usable.Count >= folds; fold++)
        {
            var training = new ContentAggregate { Scope = ContentScopes.All };
            for (var i = 0; i < usable.Count; i++)
            {
                if (i % folds != fold)
                {
                    training = training.Apply(usable[i].NoteId, null, usable[i].Contribution());
                }
            }

            var insights = training.ToInsights();
            for (var i = fold; i < usable.Count; i += folds)
            {
                var note = usable[i].Note!;
                var others = note.Features().Where(f => NoteFeatures.KindOf(f) != FeatureKind.Topic);
                var (predicted, _) = predictor.Predict(note.Topics, others, insights);
                error += Math.Abs(predicted - usable[i].EngagementRate);
                baselineError += Math.Abs(insights.BaselineEngagementRate - usable[i].EngagementRate);
                held++;
            }
        }

        return held == 0
            ? new PredictorFit(0, 0, 0)
            : new PredictorFit(held, error / held, baselineError / held);
    }
}

/// <summary>
/// The predictor's held-out fit: mean absolute error of the engagement rate over <paramref name="HeldOutNotes"/> notes, against
/// the baseline's (every note predicted at the average rate).
/// </summary>
public sealed record PredictorFit(int HeldOutNotes, double MeanAbsoluteError, double BaselineMeanAbsoluteError)
{
    /// <summary>Share of the baseline's error the predictor removes (0: no better; negative: worse).</summary>
    public double ErrorReduction => BaselineMeanAbsoluteError <= 0 ? 0 : 1 - (MeanAbsoluteError / BaselineMeanAbsoluteError);
}
