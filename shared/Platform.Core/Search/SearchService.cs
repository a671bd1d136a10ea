using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Search;

/// <summary>The search API: validates what the reader asked, pages it, and asks the index.</summary>
/// <param name="trending">Popular queries for suggestions; without it, suggestions are titles only.</param>
public sealed class SearchService(ISearchIndex index, IOptions<SearchOptions> options, TrendingSearches? trending = null)
{
    private readonly SearchOptions _options = options.Value;

    public async Task<SearchNotesResponse> SearchNotesAsync(SearchNotesRequest request, CancellationToken cancellationToken)
    {
        var v = new Validation();
        v.Require(request.Q is null || Text.FitsWithin(request.Q, _options.MaxQueryLength), "q", "search.query_too_long",
            $"A search may have at most {_options.MaxQueryLength} characters.");
        v.Require(request.Topic is null || Text.FitsWithin(request.Topic, _options.MaxQueryLength), "topic", "search.topic_too_long",
            $"A topic may have at most {_options.MaxQueryLength} characters.");
        var sort = ParseSort(request.Sort, v);
        var skip = ParseContinuation(request.Continuation, v);
        v.ThrowIfInvalid();

        var (terms, topics) = SearchText.Parse(request.Q);
        if (!string.IsNullOrWhiteSpace(request.Topic) && SearchText.TopicKey(request.Topic) is { Length: > 0 } key && !topics.Contains(key))
        {
            topics = [.. topics, key];
        }

        var size = Math.Min(Math.Clamp(request.PageSize ?? _options.DefaultPageSize, 1, _options.MaxPageSize), _options.MaxResultWindow - skip);
        if (size <= 0)
        {
            return new SearchNotesResponse(0, [], [], null);
        }

        var result = await index.SearchAsync(
            new NoteSearchQuery { Terms = terms, Topics = topics, Sort = sort, Skip = skip, Size = size, FacetCount = _options.FacetCount },
            cancellationToken);

        var next = skip + result.Hits.Count;
        var more = result.Hits.Count == size && next < Math.Min(result.Total, _options.MaxResultWindow);
        return new SearchNotesResponse(result.Total, result.Hits, result.Topics, more ? EncodeContinuation(next) : null, result.DidYouMean);
    }

    public async Task<SuggestResponse> SuggestAsync(string? q, CancellationToken cancellationToken)
    {
        var prefix = q?.Trim() ?? "";
        if (!Text.FitsWithin(prefix, _options.MaxQueryLength))
        {
            throw PlatformException.Invalid("q", "search.query_too_long", $"A search may have at most {_options.MaxQueryLength} characters.");
        }

        if (prefix.Length == 0)
        {
            return new SuggestResponse([]);
        }

        var size = _options.SuggestionCount;
        var titles = index.SuggestAsync(prefix, size, cancellationToken);
        var queries = trending?.PopularQueriesAsync(prefix, size, cancellationToken) ?? Task.FromResult<IReadOnlyList<string>>([]);
        return new SuggestResponse(Mix(await queries, await titles, size));
    }

    /// <summary>
    /// Popular queries and titles taken in turn, a query first (what many readers searched is the likelier intent), so neither
    /// crowds out the other; a title equal to a query already listed is left out.
    /// </summary>
    private static List<Suggestion> Mix(IReadOnlyList<string> queries, IReadOnlyList<Suggestion> titles, int size)
    {
        var mixed = new List<Suggestion>(size);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var q = 0;
        var t = 0;
        while (mixed.Count < size && (q < queries.Count || t < titles.Count))
        {
            var next = (q <= t && q < queries.Count) || t >= titles.Count
                ? new Suggestion(queries[q++], null, SuggestionKind.Query)
                : titles[t++];
            if (seen.Add(next.Text))
            {
                mixed.Add(next);
            }
        }

        return mixed;
    }

    private static SearchSort ParseSort(string? sort, Validation v)
    {
        if (string.IsNullOrEmpty(sort))
        {
            return SearchSort.Relevance;
        }

        var ok = Enum.TryParse<SearchSort>(sort, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(sort[0]);
        v.Require(ok, "sort", "search.invalid_sort", "'sort' is one of relevance, latest, popular.");
        return parsed;
    }

    // A continuation is the offset of the next page, opaque to clients so the paging scheme can change.
    private const string ContinuationPrefix = "s1:";

    private static string EncodeContinuation(int skip) =>
        DocumentEnvelope.EncodeContinuation(ContinuationPrefix + skip.ToString(CultureInfo.InvariantCulture));

    private static int ParseContinuation(string? token, Validation v)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var raw = DocumentEnvelope.DecodeContinuation(token);
            if (raw.StartsWith(ContinuationPrefix, StringComparison.Ordinal)
                && int.TryParse(raw.AsSpan(ContinuationPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var skip))
            {
                return skip;
            }
        }
        catch (InvalidContinuationException)
        {
        }

        v.Add("continuation", "request.invalid_continuation", "The continuation token is not valid.");
        return 0;
    }
}
