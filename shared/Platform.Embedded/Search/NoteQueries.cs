using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Platform.Core.Search;

namespace Platform.Embedded.Search;

/// <summary>Builds Lucene queries for a <see cref="NoteSearchQuery"/>.</summary>
internal sealed class NoteQueries(Analyzer analyzer)
{
    // Field weights: a word in the title says more about a note than the same word in its body.
    private const float TitleBoost = 3f;
    private const float TopicsBoost = 2f;
    private const float BodyBoost = 1f;

    /// <summary>
    /// Every clause of the query (<see cref="QueryUnderstanding"/>) must match. A word matches when all its analysed words are
    /// in the note (ranked by where they are), or when it occurs as a whole in the note's text (the bigram fields), which
    /// catches words the segmenter splits differently; or through a synonym; a clause of Latin letters also matches the
    /// Chinese it spells in pinyin. <paramref name="expand"/> limits which of those count (to tell how a hit matched).
    /// </summary>
    public Query Text(IReadOnlyList<string> terms, SearchMatch expand = SearchMatch.Pinyin)
    {
        var all = new BooleanQuery();
        foreach (var clause in Clauses(QueryUnderstanding.Clauses(terms), expand))
        {
            all.Add(clause, Occur.MUST);
        }

        return all.Clauses.Count > 0 ? all : new MatchAllDocsQuery();
    }

    /// <summary>
    /// Notes with at least <see cref="RelaxedMatching.MinimumShouldMatch"/> of the clauses (more clauses score higher), leaving
    /// out <paramref name="excluded"/> (the exact matches, listed before these).
    /// </summary>
    public Query Partial(IReadOnlyList<string> terms, IReadOnlyCollection<string> excluded)
    {
        var some = new BooleanQuery();
        foreach (var clause in Clauses(QueryUnderstanding.Clauses(terms), SearchMatch.Pinyin))
        {
            some.Add(clause, Occur.SHOULD);
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

    private IEnumerable<BooleanQuery> Clauses(IReadOnlyList<QueryClause> clauses, SearchMatch expand)
    {
        foreach (var clause in clauses)
        {
            var either = new BooleanQuery();
            var words = new BooleanQuery();
            foreach (var word in clause.Words)
            {
                if (Word(word, expand) is { } matching)
                {
                    words.Add(matching, Occur.MUST);
                }
            }

            if (words.Clauses.Count > 0)
            {
                either.Add(words.Clauses.Count == 1 ? words.Clauses[0].Query : words, Occur.SHOULD);
            }

            if (expand >= SearchMatch.Pinyin)
            {
                if (clause.Pinyin is { } syllables)
                {
                    either.Add(PinyinPhrase(NoteFields.TitlePinyin, NoteFields.TopicsPinyin, syllables), Occur.SHOULD);
                }

                if (clause.Initials is { } initials)
                {
                    either.Add(PinyinPhrase(NoteFields.TitleInitials, NoteFields.TopicsInitials, initials), Occur.SHOULD);
                }
            }

            // A clause of only punctuation or stop words constrains nothing.
            if (either.Clauses.Count > 0)
            {
                yield return either;
            }
        }
    }

    /// <summary>A word (ranked by field) or, when <paramref name="expand"/> allows, its synonyms below it.</summary>
    private BooleanQuery? Word(string term, SearchMatch expand)
    {
        if (Matching(term, 1f) is not { } either)
        {
            return null;
        }

        if (expand >= SearchMatch.Synonym)
        {
            foreach (var synonym in Synonyms.For(term))
            {
                if (Matching(synonym, Synonyms.Weight) is { } alternative)
                {
                    either.Add(alternative, Occur.SHOULD);
                }
            }
        }

        return either;
    }

    // A constant score: a phrase's idf adds up over its syllables (and single letters are rare in a field of initials), which
    // would lift a pinyin match above the word itself; a fixed share of the field's weight keeps it below.
    private static DisjunctionMaxQuery PinyinPhrase(string titleField, string topicsField, IReadOnlyList<string> syllables)
    {
        var tokens = syllables.Select((s, i) => (s, i)).ToList();
        return new DisjunctionMaxQuery(0.1f)
        {
            new ConstantScoreQuery(Phrase(titleField, tokens, 1f)) { Boost = TitleBoost * PinyinText.Weight },
            new ConstantScoreQuery(Phrase(topicsField, tokens, 1f)) { Boost = TopicsBoost * PinyinText.Weight },
        };
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
        foreach (var term in terms.Concat(terms.SelectMany(Synonyms.For)))
        {
            // Single CJK characters would light up half the text; keep words of two or more characters.
            needles.UnionWith(Analyze(NoteFields.Title, term).Select(w => w.Text).Where(w => w.Length > 1));
        }

        return needles;
    }

    private static DisjunctionMaxQuery AnyField(string word) => new(0.1f)
    {
        new TermQuery(new Term(NoteFields.Title, word)) { Boost = TitleBoost },
        new TermQuery(new Term(NoteFields.Topics, word)) { Boost = TopicsBoost },
        new TermQuery(new Term(NoteFields.Body, word)) { Boost = BodyBoost },
    };

    private static PhraseQuery Phrase(string field, IReadOnlyList<(string Text, int Position)> tokens, float boost)
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
