using Microsoft.Extensions.Options;

namespace Platform.Core.Readers;

/// <summary>Why an accepted event was not counted (none: it counts).</summary>
public enum NotCountedReason
{
    None,

    /// <summary>The same viewer did the same to the same note within the dedup window.</summary>
    Repeat,

    /// <summary>The note's author.</summary>
    Author,

    /// <summary>A view with (almost) no dwell.</summary>
    NoDwell,

    /// <summary>More views or impressions per minute than a person produces.</summary>
    InhumanRate,
}

/// <summary>
/// The counting rules readers expect, each one setting (<see cref="ReaderEventsOptions"/>): one view (impression, share,
/// product click) per viewer per note per window; the author's own do not count; views with no dwell and inhuman rates are
/// automation and do not count. State lives in memory, per instance, bounded (<see cref="ReaderEventsOptions.MaxTrackedKeys"/>):
/// never a document write per event. With several instances a viewer's repeat may land on another one and count again within
/// the window; that error is bounded by the instance count and is the price of not writing per impression.
/// </summary>
public sealed class CountingRules(IOptions<ReaderEventsOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly ReaderEventsOptions _options = options.Value;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _lastCounted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _rates = new(StringComparer.Ordinal);

    /// <summary>Decides whether <paramref name="activity"/> counts, and if it does, remembers it for the next decisions.</summary>
    public NotCountedReason Decide(ReaderActivity activity, NoteFacts note)
    {
        if (!_options.CountAuthorViews && activity.UserId is not null && activity.UserId == note.AuthorId)
        {
            return NotCountedReason.Author;
        }

        if (activity.Kind == ActivityKind.View && (activity.DwellMs ?? 0) < _options.MinViewDwellMs)
        {
            return NotCountedReason.NoDwell;
        }

        var now = clock.GetUtcNow();
        lock (_lock)
        {
            Prune(now);
            var key = DedupKey(activity);
            if (key is not null && _lastCounted.TryGetValue(key, out var last) && now - last < _options.DedupWindow)
            {
                return NotCountedReason.Repeat;
            }

            var limit = activity.Kind switch
            {
                ActivityKind.View => _options.MaxViewsPerViewerPerMinute,
                ActivityKind.Impression => _options.MaxImpressionsPerViewerPerMinute,
                _ => int.MaxValue,
            };
            if (limit != int.MaxValue)
            {
                var rateKey = $"{activity.Kind}|{activity.ViewerKey}";
                var (start, count) = _rates.GetValueOrDefault(rateKey, (now, 0));
                if (now - start >= Minute)
                {
                    (start, count) = (now, 0);
                }

                if (count >= limit)
                {
                    _rates[rateKey] = (start, count + 1);
                    return NotCountedReason.InhumanRate;
                }

                _rates[rateKey] = (start, count + 1);
            }

            if (key is not null)
            {
                _lastCounted[key] = now;
            }
        }

        return NotCountedReason.None;
    }

    // Video progress is not a count (it informs the feed), so it is never de-duplicated.
    private static string? DedupKey(ReaderActivity a) => a.Kind switch
    {
        ActivityKind.VideoProgress => null,
        ActivityKind.ProductClick => $"{a.Kind}|{a.ViewerKey}|{a.NoteId}|{a.ProductId}",
        _ => $"{a.Kind}|{a.ViewerKey}|{a.NoteId}",
    };

    private void Prune(DateTimeOffset now)
    {
        if (_lastCounted.Count + _rates.Count < _options.MaxTrackedKeys)
        {
            return;
        }

        foreach (var key in _lastCounted.Where(e => now - e.Value >= _options.DedupWindow).Select(e => e.Key).ToList())
        {
            _lastCounted.Remove(key);
        }

        foreach (var key in _rates.Where(e => now - e.Value.Start >= Minute).Select(e => e.Key).ToList())
        {
            _rates.Remove(key);
        }

        if (_lastCounted.Count + _rates.Count >= _options.MaxTrackedKeys)
        {
            // Everything is recent: forget the oldest half rather than grow without bound (a few repeats may count again).
            foreach (var key in _lastCounted.OrderBy(e => e.Value).Take(_lastCounted.Count / 2).Select(e => e.Key).ToList())
            {
                _lastCounted.Remove(key);
            }

            _rates.Clear();
        }
    }
}
