using System.Globalization;

namespace Platform.Core.Search;

/// <summary>
/// One hour of searches: how often each normalised query was searched. Nothing about who searched is stored: no user id,
/// no device, no session; only the query text and a count.
/// </summary>
public sealed record SearchLogHour(DateTimeOffset Hour, Dictionary<string, long> Counts)
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
