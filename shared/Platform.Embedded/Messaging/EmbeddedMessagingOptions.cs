using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Embedded.Messaging;

/// <summary>How the embedded durable queue delivers and retries; the defaults mirror Service Bus's.</summary>
public sealed class EmbeddedMessagingOptions
{
    public const string Section = "Platform:Embedded:Messaging";

    /// <summary>Deliveries before a failing message is dead-lettered (Service Bus default: 10).</summary>
    [Range(1, 1000)]
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>Back-off after the first failure; doubles with each further failure, up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a handler may hold a message before it is delivered again (Service Bus lock duration).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Handlers running at once (messages of one session never run at once).</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 8;

    /// <summary>Longest wait between looks at the queue when nothing signals new work.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a completed message id is remembered, so a re-send of it is dropped (Service Bus default: 10 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether the background dispatcher and outbox relay run (tests of the queue itself switch them off).</summary>
    public bool RunDispatcher { get; set; } = true;
}

/// <summary>Checks <see cref="EmbeddedMessagingOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class EmbeddedMessagingOptionsValidator : IValidateOptions<EmbeddedMessagingOptions>;
