using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Platform.Core.Search;

namespace Platform.Embedded.Search;

/// <summary>The text score times the engagement and freshness boost of <see cref="SearchRanking"/>, read from doc values.</summary>
internal sealed class EngagementBoostQuery(Query text, SearchRanking ranking, long nowUnixMs) : CustomScoreQuery(text)
{
    protected override CustomScoreProvider GetCustomScoreProvider(AtomicReaderContext context) => new Provider(context, ranking, nowUnixMs);

    public override string ToString(string field) => $"engagement({SubQuery.ToString(field)})";

    private sealed class Provider(AtomicReaderContext context, SearchRanking ranking, long nowUnixMs) : CustomScoreProvider(context)
    {
        private readonly NumericDocValues? _popularity = context.AtomicReader.GetNumericDocValues(NoteFields.Popularity);
        private readonly NumericDocValues? _createdAt = context.AtomicReader.GetNumericDocValues(NoteFields.CreatedAt);

        public override float CustomScore(int doc, float subQueryScore, float valSrcScore) =>
            subQueryScore * (float)ranking.Boost(_popularity?.Get(doc) ?? 0, _createdAt?.Get(doc) ?? nowUnixMs, nowUnixMs);
    }
}
