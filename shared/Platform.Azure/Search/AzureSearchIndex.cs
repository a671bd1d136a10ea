using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;
using Azure.Search.Documents.Models;
using Platform.Core.Search;
using AzureSearchOptions = Azure.Search.Documents.SearchOptions;
using CoreSearchOptions = Platform.Core.Search.SearchOptions;
using SearchResult = Platform.Core.Search.SearchResult;

namespace Platform.Azure.Search;

/// <summary>The search index on Azure AI Search (index definition: <see cref="AzureNoteIndexDefinition"/>).</summary>
public sealed partial class AzureSearchIndex : ISearchIndex
{
    // Highlight markers the service puts around matches: private-use characters, so that the text around them can be
    // HTML-escaped before the markers become <em> tags (the service does not escape what it returns).
    internal const char PreTag = '\uE000';
    internal const char PostTag = '\uE001';

    private static readonly string[] Selected =
        ["id", "authorId", "title", "topics", "sponsored", "createdAt", "likes", "collects", "comments", "shares", "views"];

    private readonly SearchIndexClient _indexes;
    private readonly SearchClient _client;
    private readonly CoreSearchOptions _options;
    private readonly SearchRanking _ranking;

    public AzureSearchIndex(SearchIndexClient indexes, CoreSearchOptions options)
    {
        _indexes = indexes;
        _options = options;
        _ranking = new SearchRanking(options);
        _client = indexes.GetSearchClient(options.IndexName);
    }

    /// <summary>Client options every client of the index uses (the serializer decides field names and null handling).</summary>
    public static SearchClientOptions ClientOptions() => new() { Serializer = AzureNoteIndexDefinition.Serializer };

    /// <summary>
    /// Creates or updates the synonym map, then the index definition (fields may be added, not changed). Adding an analyzer
    /// to an existing index takes it offline for a moment (allowIndexDowntime): once, when the definition gains one.
    /// </summary>
    public async Task EnsureIndexAsync(CancellationToken cancellationToken)
    {
        await _indexes.CreateOrUpdateSynonymMapAsync(AzureNoteIndexDefinition.BuildSynonymMap(_options.IndexName), cancellationToken: cancellationToken);
        await _indexes.CreateOrUpdateIndexAsync(AzureNoteIndexDefinition.Build(_options), allowIndexDowntime: true, cancellationToken: cancellationToken);
    }

    /// <summary>Fields a query's text is matched against: the words, their bigrams, and the pinyin of titles and topics.</summary>
    internal static readonly string[] SearchFields =
        ["title", "topics", "body", "titleGrams", "topicsGrams", "bodyGrams", "titlePinyin", "topicsPinyin", "titleInitials", "topicsInitials"];

    /// <inheritdoc/>
    public async Task UpsertAsync(IReadOnlyCollection<NoteSearchDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return;
        }

        // Merge-or-upload, not upload: a document without counters keeps the ones the index has.
        var batch = IndexDocumentsBatch.MergeOrUpload(documents.Select(d => AzureNoteDocument.From(d, _ranking)));
        await IndexAsync(batch, ignoreMissing: false, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(IReadOnlyCollection<string> noteIds, CancellationToken cancellationToken)
    {
        if (noteIds.Count == 0)
        {
            return;
        }

        await IndexAsync(IndexDocumentsBatch.Delete("id", noteIds), ignoreMissing: true, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task UpdateEngagementAsync(IReadOnlyCollection<EngagementUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        // Merge fails (404) for a document that is not there, which is exactly "never resurrect a removed note".
        await IndexAsync(IndexDocumentsBatch.Merge(updates.Select(u => AzureEngagementDocument.From(u, _ranking))), ignoreMissing: true, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<SearchResult> SearchAsync(NoteSearchQuery query, CancellationToken cancellationToken)
    {
        var result = await RelaxedMatching.SearchAsync(query,
            exact => SearchAsync(exact, excluded: null, cancellationToken),
            (partial, excluded) => SearchAsync(partial, excluded, cancellationToken));
        return result.Total < RelaxedMatching.MinimumExactHits && Spelling.Candidates(query.Terms).Count > 0
            ? result with { DidYouMean = await DidYouMeanAsync(query.Terms, cancellationToken) }
            : result;
    }

    /// <summary>
    /// Corrections for the query's Latin words from the titles the service's fuzzy suggester finds for each (within one or
    /// two edits of a title word's start); the closest whole word of those titles wins (see <see cref="Spelling"/>). A word
    /// that is itself in one of those titles is not corrected.
    /// </summary>
    private async Task<string?> DidYouMeanAsync(IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var corrections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in Spelling.Candidates(terms))
        {
            var options = new SuggestOptions { Size = 20, UseFuzzyMatching = true };
            options.Select.Add("title");
            var response = await _client.SuggestAsync<AzureNoteDocument>(word, AzureNoteIndexDefinition.Suggester, options, cancellationToken);
            var words = response.Value.Results
                .SelectMany(r => LatinWords().Split(r.Document.Title))
                .Where(w => w.Length > 0)
                .GroupBy(w => w.ToLowerInvariant(), StringComparer.Ordinal)
                .Select(g => (g.Key, (long)g.Count()));
            if (Spelling.Closest(word, words) is { } closest)
            {
                corrections[word] = closest;
            }
        }

        return Spelling.Rewrite(terms, corrections);
    }

    [GeneratedRegex("[^A-Za-z]+")]
    private static partial Regex LatinWords();

    /// <summary>
    /// Every term (searchMode all) or, for the partial matches after the exact ones, any term (searchMode any) with the exact
    /// matches filtered out. Simple query syntax has no minimum-should-match, so on Azure a partial match needs one term, not
    /// half of them as in the embedded engine; the service's BM25 still ranks notes with more of the terms higher.
    /// </summary>
    private async Task<SearchResult> SearchAsync(NoteSearchQuery query, IReadOnlyCollection<string>? excluded, CancellationToken cancellationToken)
    {
        var options = new AzureSearchOptions
        {
            QueryType = SearchQueryType.Simple,
            SearchMode = excluded is null ? SearchMode.All : SearchMode.Any,
            IncludeTotalCount = true,
            Skip = query.Skip,
            Size = query.Size,
            Filter = And(TopicFilter(query.Topics), ExcludeFilter(excluded)),
            ScoringProfile = query.Sort == SearchSort.Relevance ? AzureNoteIndexDefinition.ScoringProfile : null,
        };
        foreach (var field in SearchFields)
        {
            options.SearchFields.Add(field);
        }

        foreach (var field in Selected)
        {
            options.Select.Add(field);
        }

        foreach (var order in query.Sort switch
        {
            SearchSort.Latest => new[] { "createdAt desc" },
            SearchSort.Popular => ["engagementRate desc", "createdAt desc"],
            _ => ["search.score() desc", "createdAt desc"],
        })
        {
            options.OrderBy.Add(order);
        }

        if (query.IncludeHighlights)
        {
            options.HighlightFields.Add("title");
            options.HighlightFields.Add("body");
            options.HighlightPreTag = PreTag.ToString();
            options.HighlightPostTag = PostTag.ToString();
        }

        if (query.FacetCount > 0)
        {
            options.Facets.Add($"topicKeys,count:{query.FacetCount.ToString(CultureInfo.InvariantCulture)},sort:count");
        }

        var clauses = QueryUnderstanding.Clauses(query.Terms);
        var classify = excluded is null && QueryUnderstanding.Expands(clauses);
        var response = await _client.SearchAsync<AzureNoteDocument>(SearchText(clauses), options, cancellationToken);
        var results = response.Value;
        var hits = new List<SearchHit>();
        await foreach (var result in results.GetResultsAsync().WithCancellation(cancellationToken))
        {
            var hit = ToHit(result, query.IncludeHighlights);
            hits.Add(classify ? hit with { Match = MatchFromText.Classify(clauses, MatchedText(hit)) } : hit);
            if (hits.Count == query.Size)
            {
                break; // never follow the service's next-page link: the caller pages with Skip
            }
        }

        var facets = results.Facets is { } all && all.TryGetValue("topicKeys", out var topicFacets)
            ? topicFacets.Select(f => new TopicFacet(Convert.ToString(f.Value, CultureInfo.InvariantCulture) ?? "", f.Count ?? 0)).ToList()
            : [];
        return new SearchResult(results.TotalCount ?? hits.Count, hits, facets);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken)
    {
        var options = new SuggestOptions { Size = Math.Min(100, size * 3), UseFuzzyMatching = false };
        options.Select.Add("id");
        options.Select.Add("title");
        options.OrderBy.Add("popularity desc");
        options.OrderBy.Add("createdAt desc");

        var response = await _client.SuggestAsync<AzureNoteDocument>(prefix, AzureNoteIndexDefinition.Suggester, options, cancellationToken);
        return response.Value.Results
            .Select(r => new Suggestion(r.Document.Title, r.Document.Id))
            .DistinctBy(s => s.Text, StringComparer.Ordinal)
            .Take(size)
            .ToList();
    }

    // The text the service returned for a hit: what MatchFromText can see (the body only where it was highlighted).
    private static string MatchedText(SearchHit hit) =>
        string.Join(' ', [hit.Title, .. hit.Topics, hit.Highlights?.Body?.Replace(HighlightMarkup.Open, "", StringComparison.Ordinal).Replace(HighlightMarkup.Close, "", StringComparison.Ordinal) ?? ""]);

    internal static string SearchText(IReadOnlyList<string> terms) => SearchText(QueryUnderstanding.Clauses(terms));

    /// <summary>
    /// Simple query syntax with every clause required (searchMode all, like the embedded engine). A clause is its words, each
    /// with its synonyms ("(word|synonym)"), or, when it reads as pinyin, its words or the pinyin as a phrase:
    /// "(fang+shai+shuang|"fang shai shuang")" (the phrase matches the pinyin fields). Operators a reader might type by
    /// accident are escaped, so "C++" or "-50%" search for the text.
    /// </summary>
    internal static string SearchText(IReadOnlyList<QueryClause> clauses)
    {
        if (clauses.Count == 0)
        {
            return "*";
        }

        var text = new StringBuilder();
        foreach (var clause in clauses)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            if (!clause.HasPinyin)
            {
                AppendWords(text, clause.Words);
                continue;
            }

            text.Append('(');
            AppendWords(text, clause.Words, separator: '+');
            foreach (var phrase in new[] { clause.Pinyin, clause.Initials }.OfType<IReadOnlyList<string>>())
            {
                text.Append("|\"").AppendJoin(' ', phrase).Append('"');
            }

            text.Append(')');
        }

        return text.ToString();
    }

    private static void AppendWords(StringBuilder text, IReadOnlyList<string> words, char separator = ' ')
    {
        for (var i = 0; i < words.Count; i++)
        {
            var term = words[i];
            if (i > 0)
            {
                text.Append(separator);
            }

            // A word with synonyms becomes "(word|synonym|...)". Simple syntax has no per-word boost: on Azure the note with
            // the word itself ranks above one with a synonym only by BM25 (the synonym is rarer or not), not by a fixed weight.
            var synonyms = Synonyms.For(term);
            if (synonyms.Count > 0)
            {
                text.Append('(');
            }

            AppendEscaped(text, TextNormalization.Normalize(term));
            foreach (var synonym in synonyms)
            {
                text.Append('|');
                AppendEscaped(text, synonym);
            }

            if (synonyms.Count > 0)
            {
                text.Append(')');
            }
        }
    }

    private static void AppendEscaped(StringBuilder text, string term)
    {
        foreach (var c in term)
        {
            if (c is '+' or '|' or '-' or '"' or '*' or '(' or ')' or '~' or '\\' or '&' or '!' or '\'')
            {
                text.Append('\\');
            }

            text.Append(c);
        }
    }

    internal static string? ExcludeFilter(IReadOnlyCollection<string>? ids) => ids is null || ids.Count == 0
        ? null
        : SearchFilter.Create($"not search.in(id, {string.Join("|", ids)}, '|')");

    private static string? And(string? a, string? b) => a is null ? b : b is null ? a : $"{a} and {b}";

    internal static string? TopicFilter(IReadOnlyList<string> topicKeys) => topicKeys.Count == 0
        ? null
        : string.Join(" and ", topicKeys.Select(key => SearchFilter.Create($"topicKeys/any(t: t eq {key})")));

    private static SearchHit ToHit(SearchResult<AzureNoteDocument> result, bool highlights)
    {
        var document = result.Document;
        return new SearchHit(
            document.Id,
            document.AuthorId,
            document.Title,
            [.. document.Topics],
            document.Sponsored,
            document.CreatedAt,
            document.ToCounts(),
            result.Score ?? 0,
            highlights ? new SearchHighlights(Fragment(result, "title"), Fragment(result, "body")) : null);
    }

    private static string? Fragment(SearchResult<AzureNoteDocument> result, string field) =>
        result.Highlights is { } all && all.TryGetValue(field, out var fragments) && fragments.Count > 0
            ? HighlightMarkup.FromMarkers(fragments[0], PreTag, PostTag)
            : null;

    private async Task IndexAsync<T>(IndexDocumentsBatch<T> batch, bool ignoreMissing, CancellationToken cancellationToken)
    {
        var response = await _client.IndexDocumentsAsync(batch, new IndexDocumentsOptions { ThrowOnAnyError = false }, cancellationToken);
        var failed = response.Value.Results
            .Where(r => !r.Succeeded && !(ignoreMissing && r.Status == (int)HttpStatusCode.NotFound))
            .ToList();
        if (failed.Count > 0)
        {
            // 503 / 429 per item mean "try again": the message handler's retry does that.
            throw new RequestFailedException(failed[0].Status,
                $"Indexing failed for {failed.Count} of {response.Value.Results.Count} documents; first: '{failed[0].Key}' ({failed[0].Status}): {failed[0].ErrorMessage}");
        }
    }
}
