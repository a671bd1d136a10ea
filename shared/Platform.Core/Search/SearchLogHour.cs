using System.Globalization;

namespace Platform.Core.Search;

/// <summary>
/// One hour of searches: how often each normalised query was searched, and what those searches found. Nothing about who
/// searched is stored: no user id, no device, no session; only the query text and counts.
/// </summary>
/// <param name="Results">Per query, what the searches found (for brands' search demand); absent in hours logged before it was kept.</param>
public sealed record SearchLogHour(DateTimeOffset Hour, Dictionary<string, long> Counts, Dictionary<string, SearchResultTally>? Results = null)
{
    /// <summary>The start of the UTC hour <paramref name="at"/> falls in.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The document key (partition and id) of an hour bucket.</summary>
    public static string KeyOf(DateTimeOffset hour) => "h" + HourOf(hour).ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
}

/// <summary>What the searches for one query found within an hour.</summary>
/// <param name="Searches">Searches whose outcome was recorded.</param>
/// <param name="Empty">Of those, how many found nothing at all.</param>
/// <param name="Good">Exact matches (notes with every word) summed over those searches, each search counting at most
/// <see cref="SearchOutcome.GoodResultsCap"/>.</param>
public sealed record SearchResultTally(long Searches, long Empty, long Good)
{
    public SearchResultTally Plus(SearchResultTally other) => new(Searches + other.Searches, Empty + other.Empty, Good + other.Good);
}

/// <summary>What one search found: how many notes in all, and how many of them have every word of the query.</summary>
public sealed record SearchOutcome(long Total, long Good)
{
    /// <summary>More exact matches than this say nothing more about whether a query is well served.</summary>
    public const long GoodResultsCap = 10;

    /// <summary>The outcome of a first page: exact matches are all of them unless partial matches were added (see <see cref="RelaxedMatching"/>).</summary>
    public static SearchOutcome Of(SearchNotesResponse response) => new(
        response.Total,
        response.Items.All(i => i.Match == SearchMatch.Exact) ? response.Total : response.Items.Count(i => i.Match == SearchMatch.Exact));

    internal SearchResultTally ToTally() => new(1, Total == 0 ? 1 : 0, Math.Min(Good, GoodResultsCap));
}
