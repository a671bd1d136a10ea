using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Platform.Core.Search;

namespace Platform.Embedded.Search;

/// <summary>
/// The pinyin of a title or topic as Lucene tokens: one position per Chinese character, each of its readings (or initials)
/// at that position, so a phrase query "fang shai shuang" (or "f s s") finds 防晒霜, and 长 is found as chang and as zhang.
/// A run of other characters leaves a gap, so a phrase never joins the characters on either side of it.
/// </summary>
internal sealed class PinyinTokens : TokenStream
{
    private readonly List<(string Text, int Increment)> _tokens;
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _increment;
    private int _next;

    private PinyinTokens(List<(string, int)> tokens)
    {
        _tokens = tokens;
        _term = AddAttribute<ICharTermAttribute>();
        _increment = AddAttribute<IPositionIncrementAttribute>();
    }

    /// <summary>Full syllables of <paramref name="text"/>.</summary>
    public static PinyinTokens Full(string text) => new(Tokens(text, readings => readings.Distinct(StringComparer.Ordinal)));

    /// <summary>Initials of <paramref name="text"/> (the first letter of each reading).</summary>
    public static PinyinTokens Initials(string text) => new(Tokens(text, readings => readings.Select(r => r[..1]).Distinct(StringComparer.Ordinal)));

    private static List<(string, int)> Tokens(string text, Func<string[], IEnumerable<string>> forms)
    {
        var tokens = new List<(string, int)>();
        var increment = 1;
        foreach (var readings in PinyinText.Of(text))
        {
            if (readings.Length == 0)
            {
                increment++;
                continue;
            }

            foreach (var form in forms(readings))
            {
                tokens.Add((form, increment));
                increment = 0;
            }

            increment = 1;
        }

        return tokens;
    }

    public override bool IncrementToken()
    {
        if (_next >= _tokens.Count)
        {
            return false;
        }

        ClearAttributes();
        var (text, increment) = _tokens[_next++];
        _term.SetEmpty().Append(text);
        _increment.PositionIncrement = increment;
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _next = 0;
    }
}
