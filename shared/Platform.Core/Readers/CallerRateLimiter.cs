using Microsoft.Extensions.Options;
using Platform.Core.Common;

namespace Platform.Core.Readers;

/// <summary>
/// Events per caller per minute (<see cref="ReaderEventsOptions.MaxEventsPerMinute"/>), a fixed window in memory per instance.
/// A request that would go over is refused whole with 429 and Retry-After; its events are not half taken.
/// </summary>
public sealed class CallerRateLimiter(IOptions<ReaderEventsOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _windows = new(StringComparer.Ordinal);

    /// <summary>Takes <paramref name="events"/> from <paramref name="callerKey"/>'s budget, or throws 429 <c>events.rate_limited</c>.</summary>
    public void Take(string callerKey, int events)
    {
        var limit = options.Value.MaxEventsPerMinute;
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_windows.Count >= options.Value.MaxTrackedKeys)
            {
                foreach (var stale in _windows.Where(w => now - w.Value.Start >= Window).Select(w => w.Key).ToList())
                {
                    _windows.Remove(stale);
                }
            }

            var (start, count) = _windows.GetValueOrDefault(callerKey, (now, 0));
            if (now - start >= Window)
            {
                (start, count) = (now, 0);
            }

            if (count + events > limit)
            {
                var retryAfter = start + Window - now;
                throw new PlatformException(ErrorKind.RateLimited, ReaderEventCodes.RateLimited,
                    $"At most {limit} events per minute per reader; try again in {Math.Ceiling(retryAfter.TotalSeconds)} s.")
                {
                    RetryAfter = retryAfter,
                };
            }

            _windows[callerKey] = (start, count + events);
        }
    }
}
