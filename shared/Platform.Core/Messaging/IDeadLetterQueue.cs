namespace Platform.Core.Messaging;

/// <summary>
/// Messages that could not be handled, for an operator to inspect and replay. The embedded queue implements it;
/// in Azure, dead letters live in each entity's Service Bus dead-letter sub-queue (use Service Bus Explorer).
/// </summary>
public interface IDeadLetterQueue
{
    /// <summary>Dead letters, oldest first, after <paramref name="continuation"/>.</summary>
    Task<DeadLetterPage> ListAsync(int limit, string? continuation, CancellationToken cancellationToken);

    /// <summary>Puts a dead letter back on its queue or subscription with a fresh delivery count; false when there is none.</summary>
    Task<bool> ReplayAsync(string deadLetterId, CancellationToken cancellationToken);
}

/// <summary>A dead-lettered message with why it was dead-lettered.</summary>
public sealed record DeadLetter(
    string Id,
    string Path,
    string MessageId,
    string Type,
    string Body,
    string? SessionId,
    string? CorrelationId,
    IReadOnlyDictionary<string, string> Properties,
    int DeliveryCount,
    string Reason,
    string? Description,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset DeadLetteredAt);

public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Items, string? Continuation);
