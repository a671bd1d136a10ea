using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Platform.Core.Search;

namespace Platform.Embedded.Search;

/// <summary>Counts the topic keys of every matching note (sorted-set doc values, counted by ordinal per segment).</summary>
internal sealed class TopicFacetCollector : ICollector
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private SortedSetDocValues? _values;
    private long[] _segmentCounts = [];

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        _values = context.AtomicReader.GetSortedSetDocValues(NoteFields.TopicKey);
        _segmentCounts = _values is null ? [] : new long[_values.ValueCount];
    }

    public void Collect(int doc)
    {
        if (_values is null)
        {
            return;
        }

        _values.SetDocument(doc);
        for (var ord = _values.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = _values.NextOrd())
        {
            _segmentCounts[ord]++;
        }
    }

    public IReadOnlyList<TopicFacet> Top(int count)
    {
        Flush();
        return _counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(count).Select(c => new TopicFacet(c.Key, c.Value)).ToList();
    }

    private void Flush()
    {
        if (_values is null)
        {
            return;
        }

        var term = new BytesRef();
        for (var ord = 0; ord < _segmentCounts.Length; ord++)
        {
            if (_segmentCounts[ord] > 0)
            {
                _values.LookupOrd(ord, term);
                var key = term.Utf8ToString();
                _counts[key] = _counts.GetValueOrDefault(key) + _segmentCounts[ord];
            }
        }

        _values = null;
        _segmentCounts = [];
    }
}
