using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Studio;

/// <summary>
/// A brand's daily allowance of suggestion requests and model tokens, kept in one counter document per brand and UTC
/// day (<c>studioUsage</c>, partitioned by brand) and updated with optimistic concurrency.
/// </summary>
public sealed class StudioQuota(IDocumentStore store, IOptions<StudioOptions> options, TimeProvider clock)
{
    private const int MaxAttempts = 11;

    /// <summary>Counts one request against today's quota, or throws 429 with the time until the quota resets.</summary>
    public Task ConsumeRequestAsync(string brandId, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        return UpdateAsync(brandId, Day(now), usage =>
        {
            if (usage.Requests >= o.DailyRequestQuota || (o.DailyTokenQuota > 0 && usage.PromptTokens + usage.CompletionTokens >= o.DailyTokenQuota))
            {
                throw new PlatformException(ErrorKind.RateLimited, "studio.quota_exceeded",
                    $"The brand's daily suggestion quota ({o.DailyRequestQuota} requests, {o.DailyTokenQuota} tokens) is used up; it resets at 00:00 UTC.")
                {
                    RetryAfter = now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime,
                };
            }

            return usage with { Requests = usage.Requests + 1 };
        }, cancellationToken);
    }

    /// <summary>Adds the tokens and cost a finished request spent to the day it was made, once per suggestion: a second call
    /// for the same suggestion (a redelivered job) changes nothing.</summary>
    public Task RecordUsageAsync(
        string brandId, DateTimeOffset requestedAt, string suggestionId, TokenUsage tokens, decimal cost, CancellationToken cancellationToken) =>
        tokens.TotalTokens == 0 && cost == 0
            ? Task.CompletedTask
            : UpdateAsync(brandId, Day(requestedAt), usage => usage.Counted.Contains(suggestionId) ? usage : usage with
            {
                PromptTokens = usage.PromptTokens + tokens.PromptTokens,
                CompletionTokens = usage.CompletionTokens + tokens.CompletionTokens,
                Cost = usage.Cost + cost,
                Counted = [.. usage.Counted, suggestionId],
            }, cancellationToken);

    public async Task<StudioUsage> GetAsync(string brandId, DateTimeOffset day, CancellationToken cancellationToken) =>
        (await store.FindAsync<StudioUsage>(Collections.StudioUsage, brandId, Day(day), cancellationToken))?.Value
        ?? new StudioUsage(brandId, Day(day), 0, 0, 0, 0);

    private async Task UpdateAsync(string brandId, string day, Func<StudioUsage, StudioUsage> change, CancellationToken cancellationToken)
    {
        // Another request counting at the same time: the change applies again to the counter it wrote.
        await store.UpdateAsync<StudioUsage>(Collections.StudioUsage, brandId, day,
            current => change(current ?? new StudioUsage(brandId, day, 0, 0, 0, 0)), MaxAttempts, cancellationToken);
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A brand's usage on one UTC day.</summary>
public sealed record StudioUsage(string BrandId, string Day, int Requests, long PromptTokens, long CompletionTokens, decimal Cost)
{
    /// <summary>Suggestions whose usage is counted here (at most the day's request quota of them).</summary>
    public IReadOnlyList<string> Counted { get; init; } = [];
}
