namespace Platform.Core.Search;

/// <summary>
/// All words preferred; when too few notes have them all, the best partial matches follow, ranked below every exact match.
/// A reader typing "&lt;product&gt; 推荐" gets the product's notes rather than nothing. Both adapters page through the same
/// sequence: the exact matches (few, by definition), then the partial ones with the exact ones left out.
/// </summary>
public static class RelaxedMatching
{
    /// <summary>Fewer exact matches than this and partial matches are added.</summary>
    public const int MinimumExactHits = 3;

    /// <summary>How many of the query's terms a partial match must have: at least half, and at least one.</summary>
    public static int MinimumShouldMatch(int terms) => Math.Max(1, (terms + 1) / 2);

    /// <summary>
    /// Runs <paramref name="exact"/> (every term) and, when it finds fewer than <see cref="MinimumExactHits"/>,
    /// <paramref name="partial"/> (some terms, excluding the given note ids) for what follows.
    /// </summary>
    public static async Task<SearchResult> SearchAsync(
        NoteSearchQuery query,
        Func<NoteSearchQuery, Task<SearchResult>> exact,
        Func<NoteSearchQuery, IReadOnlyCollection<string>, Task<SearchResult>> partial)
    {
        var first = await exact(query);
        if (query.Terms.Count < 2 || first.Total >= MinimumExactHits)
        {
            return first;
        }

        // Every exact match, to put them first and leave them out of the partial search (at most MinimumExactHits - 1).
        var exactHits = first.Total == 0 || (query.Skip == 0 && first.Hits.Count == first.Total)
            ? first.Hits
            : (await exact(query with { Skip = 0, Size = MinimumExactHits, FacetCount = 0 })).Hits;
        var onPage = exactHits.Skip(query.Skip).Take(query.Size).ToList();
        var rest = await partial(
            query with { Skip = Math.Max(0, query.Skip - exactHits.Count), Size = query.Size - onPage.Count },
            exactHits.Select(h => h.Id).ToList());

        var hits = onPage.Concat(rest.Hits.Select(h => h with { Match = SearchMatch.Partial })).ToList();
        return new SearchResult(exactHits.Count + rest.Total, hits, MergeFacets(first.Topics, rest.Topics, query.FacetCount));
    }

    // The two searches match disjoint notes, so a topic's counts add up.
    private static List<TopicFacet> MergeFacets(IReadOnlyList<TopicFacet> a, IReadOnlyList<TopicFacet> b, int count) => a.Concat(b)
        .GroupBy(f => f.Topic, StringComparer.Ordinal)
        .Select(g => new TopicFacet(g.Key, g.Sum(f => f.Count)))
        .OrderByDescending(f => f.Count)
        .ThenBy(f => f.Topic, StringComparer.Ordinal)
        .Take(count)
        .ToList();
}
