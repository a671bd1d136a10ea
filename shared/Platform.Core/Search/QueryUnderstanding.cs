namespace Platform.Core.Search;

/// <summary>
/// One thing the reader asked for: its words (each must match, or one of its synonyms), or, when the words are Latin letters
/// that read as pinyin, the Chinese they spell (<see cref="Pinyin"/> syllables, or <see cref="Initials"/>) in a title or topic.
/// </summary>
/// <param name="Words">The query terms this clause stands for ("fang", "shai", "shuang" are one clause).</param>
public sealed record QueryClause(IReadOnlyList<string> Words, IReadOnlyList<string>? Pinyin = null, IReadOnlyList<string>? Initials = null)
{
    public bool HasPinyin => Pinyin is not null || Initials is not null;
}

/// <summary>
/// The query-understanding step both adapters share: groups the terms into <see cref="QueryClause"/>s and finds a pinyin
/// reading for Latin-letter terms. Normalisation and synonyms are applied per word (<see cref="TextNormalization"/>,
/// <see cref="Synonyms"/>).
/// </summary>
public static class QueryUnderstanding
{
    /// <summary>
    /// One clause per term, except that consecutive Latin-letter terms which together spell pinyin ("fang shai shuang") are
    /// one clause, so they match as a phrase. A pinyin reading needs two syllables at least: one syllable ("de", "a") would
    /// match half the notes.
    /// </summary>
    public static IReadOnlyList<QueryClause> Clauses(IReadOnlyList<string> terms)
    {
        var clauses = new List<QueryClause>();
        var folded = terms.Select(TextNormalization.Normalize).ToList();
        for (var i = 0; i < terms.Count;)
        {
            var end = i;
            while (end < terms.Count && IsLatinWord(folded[end]))
            {
                end++;
            }

            if (end - i >= 2 && Reading(string.Concat(folded.Skip(i).Take(end - i))) is { } run)
            {
                clauses.Add(new QueryClause(terms.Skip(i).Take(end - i).ToList(), run));
                i = end;
                continue;
            }

            var term = folded[i];
            clauses.Add(IsLatinWord(term)
                ? new QueryClause([terms[i]], Reading(term), PinyinText.AsInitials(term))
                : new QueryClause([terms[i]]));
            i++;
        }

        return clauses;
    }

    /// <summary>Whether any clause has a pinyin reading or any word a synonym (else every hit is an exact match).</summary>
    public static bool Expands(IReadOnlyList<QueryClause> clauses) =>
        clauses.Any(c => c.HasPinyin || c.Words.Any(w => Synonyms.For(w).Count > 0));

    private static IReadOnlyList<string>? Reading(string latin) => PinyinText.Segment(latin) is { Count: >= 2 } syllables ? syllables : null;

    /// <summary>A word of ASCII letters only (what pinyin and "did you mean" work on).</summary>
    public static bool IsLatinWord(string term) => term.Length > 0 && term.All(char.IsAsciiLetter);
}

/// <summary>
/// How a hit matched, judged from the text the engine returned (title, topics, highlighted fragments): for an engine that
/// cannot say which clause of the query matched (Azure AI Search). A clause whose words are all in the text matched exactly;
/// one with a synonym of a missing word there matched by synonym; one with neither but a pinyin reading matched by pinyin.
/// A clause with none of these matched somewhere not returned (the body), so it counts as exact.
/// </summary>
public static class MatchFromText
{
    public static SearchMatch Classify(IReadOnlyList<QueryClause> clauses, string text)
    {
        var folded = TextNormalization.Normalize(text).ToLowerInvariant();
        var kind = SearchMatch.Exact;
        foreach (var clause in clauses)
        {
            var words = clause.Words.Select(w => TextNormalization.Normalize(w).ToLowerInvariant()).ToList();
            if (words.All(w => folded.Contains(w, StringComparison.Ordinal)))
            {
                continue;
            }

            if (words.All(w => folded.Contains(w, StringComparison.Ordinal) || Synonyms.For(w).Any(s => folded.Contains(s, StringComparison.Ordinal))))
            {
                kind = kind < SearchMatch.Synonym ? SearchMatch.Synonym : kind;
            }
            else if (clause.HasPinyin)
            {
                kind = SearchMatch.Pinyin;
            }
        }

        return kind;
    }
}
