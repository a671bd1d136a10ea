using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Studio.Analytics;

/// <summary>
/// Reads the analytics aggregates: for brand members (their brand, their notes, a topic), and for the studio as its
/// <see cref="IStudioInsights"/> and fallback <see cref="IExemplarSource"/>. Only point reads: nothing is scanned per request.
/// </summary>
public sealed class ContentAnalytics(IDocumentStore store) : IStudioInsights, IExemplarSource
{
    /// <summary>A scope with fewer notes than this gives way to all content, which says more.</summary>
    public const int MinNotesForScope = 10;

    /// <inheritdoc/>
    public async Task<StudioInsights> GetAsync(InsightScope scope, CancellationToken cancellationToken)
    {
        var topics = scope.Topics.Select(ContentScopes.Topic).Distinct(StringComparer.Ordinal).ToList();
        var parts = new List<ContentAggregate>();
        foreach (var topic in topics)
        {
            if (await FindAsync(topic, cancellationToken) is { } aggregate)
            {
                parts.Add(aggregate);
            }
        }

        var merged = parts.Count == 1 ? parts[0] : ContentAggregate.Merge(string.Join(" + ", topics), parts);
        if (merged.Totals.Notes >= MinNotesForScope)
        {
            return merged.ToInsights();
        }

        var all = await FindAsync(ContentScopes.All, cancellationToken);
        return all?.ToInsights() ?? StudioInsights.Empty(ContentScopes.All);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Exemplar>> FindAsync(ExemplarQuery query, CancellationToken cancellationToken)
    {
        var insights = await GetAsync(new InsightScope(query.Topics), cancellationToken);
        var exemplars = new List<Exemplar>();
        foreach (var performer in insights.TopPerformers)
        {
            if (exemplars.Count >= query.Count)
            {
                break;
            }

            var note = await store.FindAsync<Note>(Collections.Notes, performer.NoteId, performer.NoteId, cancellationToken);
            if (note?.Value is { IsVisibleToOthers: true } visible)
            {
                // Content only: the author is deliberately not carried.
                exemplars.Add(new Exemplar(visible.Title, visible.Body, visible.Topics, performer.EngagementRate));
            }
        }

        return exemplars;
    }

    /// <summary>Insights over a brand's notes and the notes tagging its products.</summary>
    public async Task<StudioInsights> ForBrandAsync(Caller caller, string brandId, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        var scope = ContentScopes.Brand(brandId);
        return (await FindAsync(scope, cancellationToken))?.ToInsights() ?? StudioInsights.Empty(scope);
    }

    /// <summary>Insights over one topic (or all content when none is given), for a brand member.</summary>
    public async Task<StudioInsights> ForTopicAsync(Caller caller, string brandId, string? topic, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        var scope = string.IsNullOrWhiteSpace(topic) ? ContentScopes.All : ContentScopes.Topic(topic);
        return (await FindAsync(scope, cancellationToken))?.ToInsights() ?? StudioInsights.Empty(scope);
    }

    /// <summary>One note's numbers, for a member of a brand the note is for or tags.</summary>
    public async Task<NoteMetricsResponse> ForNoteAsync(Caller caller, string brandId, string noteId, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        var found = Ids.IsWellFormed(noteId)
            ? await store.FindAsync<NoteMetrics>(Collections.ContentMetrics, noteId, noteId, cancellationToken)
            : null;
        if (found?.Value is not { Note: { } note } metrics || !note.BrandIds.Contains(brandId))
        {
            throw PlatformException.NotFound("analytics.note_not_found", $"No analytics for note '{noteId}' in this brand.");
        }

        return NoteMetricsResponse.From(metrics);
    }

    /// <summary>Most notes the predictor's fit is measured on (a page-by-page read of the metrics, on demand only).</summary>
    public const int MaxNotesForFit = 5000;

    /// <summary>
    /// How well <paramref name="predictor"/> predicts the engagement of notes it was not fitted on, from the platform's own
    /// numbers (see <see cref="PredictorEvaluation"/>), for a brand member deciding how far to trust draft scores.
    /// </summary>
    public async Task<PredictorFit> PredictorFitAsync(Caller caller, string brandId, EngagementPredictor predictor, CancellationToken cancellationToken)
    {
        RequireMember(caller, brandId);
        var notes = new List<NoteMetrics>();
        string? continuation = null;
        do
        {
            var page = await store.QueryAsync<NoteMetrics>(Collections.ContentMetrics,
                new DocumentQuery { OrderBy = "noteId", Limit = 200, Continuation = continuation }, cancellationToken);
            notes.AddRange(page.Items.Select(i => i.Value));
            continuation = page.Continuation;
        }
        while (continuation is not null && notes.Count < MaxNotesForFit);
        return PredictorEvaluation.Evaluate(predictor, notes);
    }

    private async Task<ContentAggregate?> FindAsync(string scope, CancellationToken cancellationToken) =>
        (await store.FindAsync<ContentAggregate>(Collections.ContentAggregates, scope, scope, cancellationToken))?.Value;

    private static void RequireMember(Caller caller, string brandId)
    {
        if (!caller.IsMemberOfBrand(brandId))
        {
            throw PlatformException.Forbidden("studio.not_brand_member", "Only members of this brand may read its analytics.");
        }
    }
}

public sealed record NoteMetricsResponse(
    string NoteId,
    string? Title,
    long Views,
    long Likes,
    long Collects,
    long Comments,
    long Shares,
    long ProductClicks,
    long Orders,
    decimal Revenue,
    double EngagementRate,
    IReadOnlyList<string> Features,
    bool Removed,
    long Impressions = 0)
{
    public static NoteMetricsResponse From(NoteMetrics m) => new(
        m.NoteId, m.Note?.Title, m.Views, m.Likes, m.Collects, m.Comments, m.Shares, m.ProductClicks, m.Orders, m.Revenue,
        m.EngagementRate, m.Note?.Features() ?? [], m.Removed, m.Impressions);
}
