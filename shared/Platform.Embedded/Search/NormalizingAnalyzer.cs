using Lucene.Net.Analysis;
using Lucene.Net.Analysis.CharFilters;
using Platform.Core.Search;

namespace Platform.Embedded.Search;

/// <summary>
/// Runs <see cref="TextNormalization"/> (full-width → half-width, Traditional → Simplified) in front of another analyser, as a
/// char filter: indexed text and queries fold the same way, and offsets still point into the original text.
/// </summary>
internal sealed class NormalizingAnalyzer(Analyzer inner) : AnalyzerWrapper(PER_FIELD_REUSE_STRATEGY)
{
    private static readonly NormalizeCharMap Map = BuildMap();

    protected override Analyzer GetWrappedAnalyzer(string fieldName) => inner;

    protected override TextReader WrapReader(string fieldName, TextReader reader) => new MappingCharFilter(Map, reader);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static NormalizeCharMap BuildMap()
    {
        var builder = new NormalizeCharMap.Builder();
        foreach (var (from, to) in TextNormalization.Mappings)
        {
            builder.Add(from.ToString(), to.ToString());
        }

        return builder.Build();
    }
}
