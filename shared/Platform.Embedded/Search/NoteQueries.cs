using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Platform.Core.Search;

namespace Platform.Embedded.Search;

/// <summary>Builds Lucene queries for a <see cref="NoteSearchQuery"/>.</summary>
/// <param name="expandSynonyms">False only to measure search without query understanding (the search-quality benchmark).</param>
internal sealed class NoteQueries(Analyzer analyzer, bool expandSynonyms = true)
{
    // Field weights: a word in the title says more about a note than the same word in its body.
    private const float TitleBoost = 3f;
    private const float TopicsBoost = 2f;
    private const float BodyBoost = 1f;

    /// <summary>
    /// Every term must match. A term matches when all its words are in the note (ranked by where they are), or when it occurs
    /// as a whole in the note's text (the bigram fields), which catches words the segmenter splits differently.
    /// </summary>
    public Query Text(IReadOnlyList<string> terms)
    {
        var all = new BooleanQuery();
        foreach (var either in Terms(terms))
        {
            all.Add(either, Occur.MUST);
        }

        return all.Clauses.Count > 0 ? all : new MatchAllDocsQuery();
    }

    /// <summary>
    /// Notes with at least <see cref="RelaxedMatching.MinimumShouldMatch"/> of the terms (more terms score higher), leaving out
    /// <paramref name="excluded"/> (the exact matches, listed before these).
    /// </summary>
    public Query Partial(IReadOnlyList<string> terms, IReadOnlyCollection<string> excluded)
    {
        var some = new BooleanQuery();
        foreach (var either in Terms(terms))
        {
            some.Add(either, Occur.SHOULD);
        }

        if (some.Clauses.Count == 0)
        {
            return new MatchAllDocsQuery();
        }

        some.MinimumNumberShouldMatch = RelaxedMatching.MinimumShouldMatch(some.Clauses.Count);
        foreach (var id in excluded)
        {
            some.Add(new TermQuery(new Term(NoteFields.Id, id)), Occur.MUST_NOT);
        }

        return some;
    }

    private IEnumerable<BooleanQuery> Terms(IReadOnlyList<string> terms)
    {
        foreach (var term in terms)
        {
            // A term of only punctuation or stop words constrains nothing.
            if (Matching(term, 1f) is not { } either)
            {
                continue;
            }

            // Synonyms from the maintained list count too, below the word itself.
            foreach (var synonym in SynonymsOf(term))
            {
                if (Matching(synonym, Synonyms.Weight) is { } alternative)
                {
                    either.Add(alternative, Occur.SHOULD);
                }
            }

            yield return either;
        }
    }

    /// <summary>Notes with <paramref name="term"/>: all its words (ranked by field) or the term as a whole (bigram phrase).</summary>
    private BooleanQuery? Matching(string term, float boost)
    {
        var either = new BooleanQuery { Boost = boost };
        var words = Analyze(NoteFields.Title, term);
        if (words.Count > 0)
        {
            var allWords = new BooleanQuery();
            foreach (var (word, _) in words)
            {
                allWords.Add(AnyField(word), Occur.MUST);
            }

            either.Add(allWords, Occur.SHOULD);
        }

        var grams = Analyze(NoteFields.TitleGrams, term);
        if (grams.Count > 0)
        {
            var phrase = new DisjunctionMaxQuery(0.1f)
            {
                Phrase(NoteFields.TitleGrams, grams, TitleBoost / 2),
                Phrase(NoteFields.TopicsGrams, grams, TopicsBoost / 2),
                Phrase(NoteFields.BodyGrams, grams, BodyBoost / 2),
            };
            either.Add(phrase, Occur.SHOULD);
        }

        return either.Clauses.Count > 0 ? either : null;
    }

    /// <summary>Notes that carry every topic, as a filter (it does not change scores).</summary>
    public static Filter? Topics(IReadOnlyList<string> topicKeys)
    {
        if (topicKeys.Count == 0)
        {
            return null;
        }

        var all = new BooleanQuery();
        foreach (var key in topicKeys)
        {
            all.Add(new TermQuery(new Term(NoteFields.TopicKey, key)), Occur.MUST);
        }

        return new QueryWrapperFilter(all);
    }

    /// <summary>Titles that complete <paramref name="prefix"/>: the title starts with it, contains it, or has words starting with its words.</summary>
    public Query Suggest(string prefix)
    {
        var any = new BooleanQuery
        {
            { new PrefixQuery(new Term(NoteFields.TitleKey, prefix.ToLowerInvariant())), Occur.SHOULD },
        };

        var grams = Analyze(NoteFields.TitleGrams, prefix);
        if (grams.Count > 0)
        {
            any.Add(Phrase(NoteFields.TitleGrams, grams, 1f), Occur.SHOULD);
        }

        var words = Analyze(NoteFields.Title, prefix);
        if (words.Count > 0)
        {
            var wordPrefix = new BooleanQuery();
            for (var i = 0; i < words.Count; i++)
            {
                var term = new Term(NoteFields.Title, words[i].Text);
                wordPrefix.Add(i == words.Count - 1 ? new PrefixQuery(term) : new TermQuery(term), Occur.MUST);
            }

            any.Add(wordPrefix, Occur.SHOULD);
        }

        return any;
    }

    /// <summary>The words of each term (plus the terms themselves), for highlighting what matched.</summary>
    public IReadOnlyCollection<string> Needles(IReadOnlyList<string> terms)
    {
        var needles = new HashSet<string>(terms, StringComparer.OrdinalIgnoreCase);
        foreach (var term in terms.Concat(terms.SelectMany(SynonymsOf)))
        {
            // Single CJK characters would light up half the text; keep words of two or more characters.
            needles.UnionWith(Analyze(NoteFields.Title, term).Select(w => w.Text).Where(w => w.Length > 1));
        }

        return needles;
    }

    private IReadOnlyList<string> SynonymsOf(string term) => expandSynonyms ? Synonyms.For(term) : [];

    private static DisjunctionMaxQuery AnyField(string word) => new(0.1f)
    {
        new TermQuery(new Term(NoteFields.Title, word)) { Boost = TitleBoost },
        new TermQuery(new Term(NoteFields.Topics, word)) { Boost = TopicsBoost },
        new TermQuery(new Term(NoteFields.Body, word)) { Boost = BodyBoost },
    };

    private static PhraseQuery Phrase(string field, List<(string Text, int Position)> tokens, float boost)
    {
        var phrase = new PhraseQuery { Boost = boost };
        foreach (var (text, position) in tokens)
        {
            phrase.Add(new Term(field, text), position);
        }

        return phrase;
    }

    private List<(string Text, int Position)> Analyze(string field, string text)
    {
        var tokens = new List<(string, int)>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            tokens.Add((term.ToString(), position));
        }

        stream.End();
        return tokens;
    }
}
