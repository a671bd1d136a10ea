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
    private const int MaxConflicts = 10;

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

    /// <summary>Adds the tokens and cost a finished request spent to the day it was made.</summary>
    public Task RecordUsageAsync(string brandId, DateTimeOffset requestedAt, TokenUsage tokens, decimal cost, CancellationToken cancellationToken) =>
        tokens.TotalTokens == 0 && cost == 0
            ? Task.CompletedTask
            : UpdateAsync(brandId, Day(requestedAt), usage => usage with
            {
                PromptTokens = usage.PromptTokens + tokens.PromptTokens,
                CompletionTokens = usage.CompletionTokens + tokens.CompletionTokens,
                Cost = usage.Cost + cost,
            }, cancellationToken);

    public async Task<StudioUsage> GetAsync(string brandId, DateTimeOffset day, CancellationToken cancellationToken) =>
        (await store.FindAsync<StudioUsage>(Collections.StudioUsage, brandId, Day(day), cancellationToken))?.Value
        ?? new StudioUsage(brandId, Day(day), 0, 0, 0, 0);

    private async Task UpdateAsync(string brandId, string day, Func<StudioUsage, StudioUsage> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.FindAsync<StudioUsage>(Collections.StudioUsage, brandId, day, cancellationToken);
            var next = change(current?.Value ?? new StudioUsage(brandId, day, 0, 0, 0, 0));
            try
            {
                if (current is null)
                {
                    await store.CreateAsync(Collections.StudioUsage, brandId, day, next, cancellationToken);
                }
                else
                {
                    await store.ReplaceAsync(Collections.StudioUsage, brandId, day, next, current.ETag, cancellationToken);
                }

                return;
            }
            catch (Exception e) when (attempt < MaxConflicts && e is DocumentConflictException or DocumentPreconditionFailedException)
            {
                // Another request counted at the same time: read the counter again.
            }
        }
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A brand's usage on one UTC day.</summary>
public sealed record StudioUsage(string BrandId, string Day, int Requests, long PromptTokens, long CompletionTokens, decimal Cost);
