using Lucene.Net.Index;
using Lucene.Net.Search;
using Platform.Core.Search;

namespace Platform.Embedded.Search;

/// <summary>
/// Tells how a hit of the full query matched: by the words themselves, only with a synonym, or only through pinyin. Checks the
/// page's hits (not every match) against the narrower queries, so it costs a few doc lookups per page.
/// </summary>
internal sealed class MatchKinds(IndexSearcher searcher, NoteQueries queries, IReadOnlyList<string> terms)
{
    private readonly Weight _exact = searcher.CreateNormalizedWeight(queries.Text(terms, SearchMatch.Exact));
    private readonly Lazy<Weight> _synonym = new(() => searcher.CreateNormalizedWeight(queries.Text(terms, SearchMatch.Synonym)));

    public SearchMatch Of(int doc) =>
        Matches(_exact, doc) ? SearchMatch.Exact
        : Matches(_synonym.Value, doc) ? SearchMatch.Synonym
        : SearchMatch.Pinyin;

    private bool Matches(Weight weight, int doc)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var local = doc - leaf.DocBase;
        var scorer = weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
        return scorer is not null && scorer.Advance(local) == local;
    }
}
