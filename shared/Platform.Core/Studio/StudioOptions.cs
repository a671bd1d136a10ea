using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Core.Studio;

/// <summary>Draft-suggestion quotas and prices (settings under <c>Platform:Studio</c>).</summary>
public sealed class StudioOptions
{
    public const string Section = "Platform:Studio";

    /// <summary>Suggestion requests a brand may make per UTC day; the next one is answered 429 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int DailyRequestQuota { get; set; } = 50;

    /// <summary>Model tokens a brand may spend per UTC day (0: no token limit); checked when a request is made.</summary>
    [Range(0, int.MaxValue)]
    public int DailyTokenQuota { get; set; } = 500_000;

    /// <summary>Price of a million prompt tokens, for the cost stored with each suggestion.</summary>
    [Range(typeof(decimal), "0", "1000")]
    public decimal PromptTokenPricePerMillion { get; set; } = 2.50m;

    [Range(typeof(decimal), "0", "1000")]
    public decimal CompletionTokenPricePerMillion { get; set; } = 10.00m;

    [StringLength(3, MinimumLength = 3)]
    [RegularExpression("^[A-Z]{3}$")]
    public string Currency { get; set; } = "USD";

    /// <summary>How many top-performing notes the prompt carries as examples.</summary>
    [Range(0, 10)]
    public int ExemplarCount { get; set; } = 3;

    /// <summary>Deliveries of a drafting job after which a failing one is marked failed and dead-lettered (keep it at or
    /// below the queue's own maximum delivery count).</summary>
    [Range(1, 100)]
    public int MaxJobDeliveries { get; set; } = 5;

    /// <summary>How long a drafting run holds its suggestion: a redelivery of the job inside it (the first run lost its
    /// message lock but is still drafting) waits instead of drafting again. At least the worst-case drafting time (model
    /// attempts × timeout + backoffs); host.json's <c>maxAutoLockRenewalDuration</c> renews the Service Bus lock as long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan JobLease { get; set; } = TimeSpan.FromMinutes(10);

    public decimal CostOf(TokenUsage usage) =>
        Math.Round((usage.PromptTokens * PromptTokenPricePerMillion + usage.CompletionTokens * CompletionTokenPricePerMillion) / 1_000_000m, 6);
}

/// <summary>Checks <see cref="StudioOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class StudioOptionsValidator : IValidateOptions<StudioOptions>;
