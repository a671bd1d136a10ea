using Platform.Core.Messaging;

namespace Platform.Core.Studio;

/// <summary>
/// The drafting job on the <see cref="Destinations.Suggestions"/> queue (Service Bus in Azure, the embedded queue
/// locally). It travels in the suggestion's outbox; <see cref="SuggestionJobHandler"/> runs it.
/// </summary>
public static class SuggestionMessages
{
    public const string Requested = "studio.suggestion_requested";

    /// <summary>Session id = brand, so one brand's jobs run one at a time (its quota and usage counters stay uncontended);
    /// the message id is the suggestion id, so a re-send is dropped as a duplicate.</summary>
    public static OutgoingMessage For(SuggestionJob job, DateTimeOffset now) =>
        OutgoingMessage.Create(Destinations.Suggestions, Requested, job, sessionId: job.BrandId, correlationId: job.SuggestionId,
            id: job.SuggestionId, createdAt: now);
}

/// <summary>The message: which suggestion to draft (the brief itself is in the stored suggestion).</summary>
public sealed record SuggestionJob(string BrandId, string SuggestionId);
