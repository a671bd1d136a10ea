namespace Platform.Core.Studio;

/// <summary>
/// Where accepted suggestion requests wait to be drafted. The messaging feature's bus implements it (Service Bus in
/// Azure, the embedded queue locally); whatever delivers a job calls <see cref="SuggestionWorker.ProcessAsync"/>,
/// which is idempotent, so at-least-once delivery is enough.
/// </summary>
public interface ISuggestionQueue
{
    Task EnqueueAsync(SuggestionJob job, CancellationToken cancellationToken);
}

/// <summary>The message: which suggestion to draft (the brief itself is in the stored suggestion).</summary>
public sealed record SuggestionJob(string BrandId, string SuggestionId);
