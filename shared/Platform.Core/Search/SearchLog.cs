using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Storage;

namespace Platform.Core.Search;

/// <summary>
/// The anonymous search log: counts searches per normalised query per UTC hour. <see cref="Record"/> only bumps a count in
/// memory, so a search never waits for the log; the counts gathered within <see cref="SearchLogOptions.FlushWindow"/> go to
/// the store as one ETag-checked update per hour bucket, and each flush deletes the hours past
/// <see cref="SearchLogOptions.Retention"/>. Who searched is never seen here: the caller passes the query text only.
/// </summary>
/// <remarks>
/// Counts still in memory when the process dies are lost (at most one window's worth); trending is an estimate, and that
/// is the price of keeping the write off the search path.
/// </remarks>
public sealed class SearchLog(
    IDocumentStore store, IOptions<SearchLogOptions> options, IOptions<SearchOptions> searchOptions, TimeProvider clock,
    ILogger<SearchLog> logger)
{
    /// <summary>How far back the first sweep after start-up looks for expired hours (later sweeps go on from the last).</summary>
    private static readonly TimeSpan FirstSweepBacklog = TimeSpan.FromHours(48);

    private readonly SearchLogOptions _options = options.Value;
    private readonly int _maxQueryLength = searchOptions.Value.MaxQueryLength;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _sweep = new(1, 1);
    private Dictionary<(DateTimeOffset Hour, string Query), (long Count, SearchResultTally? Results)> _pending = [];
    private bool _flushScheduled;
    private DateTimeOffset? _sweptUpTo;

    /// <summary>
    /// Counts one search for <paramref name="query"/> (ignored when blank), with what it found when known. Never blocks on
    /// storage.
    /// </summary>
    public void Record(string? query, SearchOutcome? outcome = null)
    {
        if (Normalize(query, _maxQueryLength) is not { } normalized)
        {
            return;
        }

        var hour = SearchLogHour.HourOf(clock.GetUtcNow());
        lock (_lock)
        {
            var (count, results) = _pending.GetValueOrDefault((hour, normalized));
            var found = outcome?.ToTally();
            _pending[(hour, normalized)] = (count + 1, found is null ? results : results?.Plus(found) ?? found);
            if (!_flushScheduled)
            {
                _flushScheduled = true;
                _ = FlushAfterAsync(Task.Delay(_options.FlushWindow, clock));
            }
        }
    }

    /// <summary>Writes every count gathered so far, then deletes the hours past retention.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Dictionary<(DateTimeOffset Hour, string Query), (long Count, SearchResultTally? Results)> batch;
        lock (_lock)
        {
            batch = _pending;
            _pending = [];
            _flushScheduled = false;
        }

        foreach (var hour in batch.GroupBy(e => e.Key.Hour))
        {
            var key = SearchLogHour.KeyOf(hour.Key);
            var counts = hour.ToDictionary(e => e.Key.Query, e => e.Value.Count, StringComparer.Ordinal);
            var results = hour.Where(e => e.Value.Results is not null).ToDictionary(e => e.Key.Query, e => e.Value.Results!, StringComparer.Ordinal);
            await store.UpdateAsync<SearchLogHour>(
                Collections.SearchLog, key, key, current => Merge(current, hour.Key, counts, results), DocumentUpdates.UntilWritten, cancellationToken);
        }

        await SweepAsync(cancellationToken);
    }

    /// <summary>The form a query is counted under: trimmed, spaces collapsed, lower-case, full-width and Traditional folded.</summary>
    public static string? Normalize(string? query, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return null;
        }

        var folded = TextNormalization.Normalize(query).ToLowerInvariant();
        var text = new StringBuilder(Math.Min(folded.Length, maxLength));
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] != ' ')
                {
                    text.Append(' ');
                }
            }
            else if (!char.IsControl(c))
            {
                text.Append(c);
            }
        }

        var normalized = text.ToString().Trim();
        if (normalized.Length > maxLength)
        {
            normalized = normalized[..maxLength].TrimEnd();
        }

        return normalized.Length == 0 ? null : normalized;
    }

    private SearchLogHour Merge(
        SearchLogHour? current, DateTimeOffset hour, Dictionary<string, long> added, Dictionary<string, SearchResultTally> addedResults)
    {
        var counts = new Dictionary<string, long>(current?.Counts ?? [], StringComparer.Ordinal);
        foreach (var (query, count) in added)
        {
            counts[query] = counts.GetValueOrDefault(query) + count;
        }

        var results = new Dictionary<string, SearchResultTally>(current?.Results ?? [], StringComparer.Ordinal);
        foreach (var (query, tally) in addedResults)
        {
            results[query] = results.TryGetValue(query, out var before) ? before.Plus(tally) : tally;
        }

        if (counts.Count > _options.MaxQueriesPerHour)
        {
            // Keep the hour one small document: the rarely searched queries go first (they would never trend).
            counts = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Take(_options.MaxQueriesPerHour)
                .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
            results = results.Where(r => counts.ContainsKey(r.Key)).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        }

        return new SearchLogHour(hour, counts, results);
    }

    private async Task FlushAfterAsync(Task window)
    {
        try
        {
            // Always yields: even with no window, the write never runs on the search request's thread (or under the lock).
            await window.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            await FlushAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The search log could not write its counts; they are dropped.");
        }
    }

    /// <summary>Deletes every hour bucket that ended before the retention cut-off and was not deleted already.</summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        await _sweep.WaitAsync(cancellationToken);
        try
        {
            var cutoff = SearchLogHour.HourOf(clock.GetUtcNow() - _options.Retention);
            for (var hour = _sweptUpTo ?? cutoff - FirstSweepBacklog; hour < cutoff; hour = hour.AddHours(1))
            {
                var key = SearchLogHour.KeyOf(hour);
                await store.DeleteAsync(Collections.SearchLog, key, key, null, cancellationToken);
            }

            _sweptUpTo = cutoff > (_sweptUpTo ?? DateTimeOffset.MinValue) ? cutoff : _sweptUpTo;
        }
        finally
        {
            _sweep.Release();
        }
    }
}
