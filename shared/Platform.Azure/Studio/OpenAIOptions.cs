using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Azure.Studio;

/// <summary>
/// The language model behind draft suggestions (settings under <c>Platform:OpenAI</c>). Without an endpoint the
/// offline drafter is used. Azure OpenAI is reached with the app's managed identity; an OpenAI-compatible server
/// (a local model server, for instance) with <see cref="ApiKey"/>.
/// </summary>
public sealed class OpenAIOptions : IValidatableObject
{
    public const string Section = "Platform:OpenAI";

    /// <summary>Azure OpenAI resource endpoint (https://x.openai.azure.com/), or an OpenAI-compatible base URL (http://host:port/v1).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The Azure OpenAI deployment name, or the model name on a compatible server.</summary>
    public string? Deployment { get; set; }

    /// <summary>Only for OpenAI-compatible servers: setting it selects that protocol; Azure OpenAI never uses a key here.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one call may take before it counts as timed out (and is retried).</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Calls per suggestion, the first included, when the model answers 429, 5xx or times out.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First backoff delay when the answer has no Retry-After; doubled on each retry, with jitter.</summary>
    [Range(0, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 1000;

    /// <summary>Longest wait between attempts, whatever Retry-After says.</summary>
    [Range(0, 600)]
    public int MaxRetryDelaySeconds { get; set; } = 30;

    [Range(256, 32_000)]
    public int MaxOutputTokens { get; set; } = 4000;

    [Range(0.0, 2.0)]
    public float Temperature { get; set; } = 0.8f;

    public bool IsConfigured => Endpoint is not null;

    /// <summary>The longest one suggestion's model calls can take: every attempt timing out, with the longest wait between
    /// them. Platform:Studio:JobLease and host.json's Service Bus lock renewal must cover it.</summary>
    public TimeSpan WorstCaseDuration =>
        TimeSpan.FromSeconds((MaxAttempts * TimeoutSeconds) + ((MaxAttempts - 1) * MaxRetryDelaySeconds));

    public bool IsAzure => string.IsNullOrEmpty(ApiKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Endpoint is null)
        {
            yield break;
        }

        if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult("Platform:OpenAI:Endpoint must be an absolute http(s) URL.", [nameof(Endpoint)]);
        }

        if (string.IsNullOrWhiteSpace(Deployment))
        {
            yield return new ValidationResult("Platform:OpenAI:Deployment is required when an endpoint is set.", [nameof(Deployment)]);
        }

        if (IsAzure && Endpoint.Scheme != "https")
        {
            yield return new ValidationResult("Azure OpenAI is reached over https; a plain-http endpoint needs Platform:OpenAI:ApiKey (OpenAI-compatible).", [nameof(Endpoint)]);
        }
    }
}

/// <summary>Checks <see cref="OpenAIOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class OpenAIOptionsValidator : IValidateOptions<OpenAIOptions>;
