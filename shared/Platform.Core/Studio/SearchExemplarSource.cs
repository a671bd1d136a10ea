using Platform.Core.Notes;
using Platform.Core.Search;
using Platform.Core.Storage;
using Platform.Core.Studio.Analytics;

namespace Platform.Core.Studio;

/// <summary>
/// Exemplars retrieved from search (retrieval-augmented generation): notes on the brief's topics that readers can see,
/// ranked by their engagement rate in the analytics (then by search popularity). When search finds too few, the
/// analytics' top performers fill in. With a target query, the notes search finds for that query come first (what readers
/// searching it see now), then the topics' notes. Only content is kept: no author.
/// </summary>
public sealed class SearchExemplarSource(ISearchIndex index, IDocumentStore store, ContentAnalytics analytics) : IExemplarSource
{
    private const int CandidatesPerExemplar = 3;
    private const int MaxTopicSearches = 3;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Exemplar>> FindAsync(ExemplarQuery query, CancellationToken cancellationToken)
    {
        if (query.Count <= 0)
        {
            return [];
        }

        var size = query.Count * CandidatesPerExemplar;
        IReadOnlyList<IReadOnlyList<string>> topicFilters = query.Topics.Count == 0
            ? [[]]
            : query.Topics.Take(MaxTopicSearches).Select(t => (IReadOnlyList<string>)[SearchText.TopicKey(t)]).ToList();
        var hits = new List<SearchHit>();
        var answering = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(query.TargetQuery))
        {
            var (terms, queryTopics) = SearchText.Parse(query.TargetQuery);
            var result = await index.SearchAsync(
                new NoteSearchQuery { Terms = terms, Topics = queryTopics, Size = size, IncludeHighlights = false, FacetCount = 0 },
                cancellationToken);
            hits.AddRange(result.Hits);
            answering.UnionWith(result.Hits.Select(h => h.Id));
        }

        foreach (var topics in topicFilters)
        {
            var result = await index.SearchAsync(
                new NoteSearchQuery { Topics = topics, Sort = SearchSort.Popular, Size = size, IncludeHighlights = false, FacetCount = 0 },
                cancellationToken);
            hits.AddRange(result.Hits.Where(h => hits.TrueForAll(x => x.Id != h.Id)));
        }

        var candidates = new List<(Exemplar Exemplar, bool Answers, double Rate, long Popularity)>();
        foreach (var hit in hits)
        {
            var note = (await store.FindAsync<Note>(Collections.Notes, hit.Id, hit.Id, cancellationToken))?.Value;
            if (note is not { IsVisibleToOthers: true })
            {
                continue;
            }

            var metrics = (await store.FindAsync<NoteMetrics>(Collections.ContentMetrics, hit.Id, hit.Id, cancellationToken))?.Value;
            var rate = metrics is { Views: > 0 } ? metrics.EngagementRate : -1;
            candidates.Add((new Exemplar(note.Title, note.Body, note.Topics, Math.Max(rate, 0)), answering.Contains(hit.Id), rate, hit.Engagement.Popularity));
        }

        var exemplars = candidates
            .OrderByDescending(c => c.Answers)
            .ThenByDescending(c => c.Rate)
            .ThenByDescending(c => c.Popularity)
            .Select(c => c.Exemplar)
            .Take(query.Count)
            .ToList();
        if (exemplars.Count < query.Count)
        {
            var more = await analytics.FindAsync(query, cancellationToken);
            exemplars.AddRange(more.Where(m => exemplars.TrueForAll(e => e.Title != m.Title || e.Body != m.Body)).Take(query.Count - exemplars.Count));
        }

        return exemplars;
    }
}
