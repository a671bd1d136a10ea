using System.Diagnostics;
using System.Text.Json;
using Platform.Core.Common;

namespace Platform.Core.Messaging;

/// <summary>
/// A message to send to a queue or topic. Its shape maps one to one onto a Service Bus message
/// (<see cref="Id"/> = MessageId, <see cref="Type"/> = Subject, <see cref="Properties"/> = application properties),
/// and it is plain JSON so it can wait in an entity's outbox (<c>pendingEvents</c>) until it is relayed.
/// </summary>
public sealed record OutgoingMessage
{
    /// <summary>The message id; the broker and every handler de-duplicate on it, so a re-send of the same event is harmless.
    /// Give an event its own id once, when it happens, and keep it through every retry.</summary>
    public string Id { get; init; } = Ids.New();

    /// <summary>The queue or topic name (see <see cref="Destinations"/>).</summary>
    public required string Destination { get; init; }

    /// <summary>What the message is, e.g. <c>note.created</c>; Service Bus Subject. Handlers switch on it.</summary>
    public required string Type { get; init; }

    /// <summary>The payload as JSON text (camelCase, <see cref="PlatformJson.Options"/>).</summary>
    public required string Body { get; init; }

    /// <summary>Messages with the same session id are handled one at a time, in order (e.g. an order id).</summary>
    public string? SessionId { get; init; }

    /// <summary>Ties messages of one conversation or workflow together.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Not delivered before this time (Service Bus ScheduledEnqueueTime); null delivers now.</summary>
    public DateTimeOffset? ScheduledFor { get; init; }

    /// <summary>Application properties; <c>traceparent</c> carries the W3C trace context of the code that raised the message.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>When the message was raised; an outbox relay leaves very young events to the writer's own fast path.</summary>
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// A message whose body is <paramref name="body"/> as JSON, carrying the current trace context (if any) in <c>traceparent</c>.
    /// </summary>
    public static OutgoingMessage Create<T>(
        string destination,
        string type,
        T body,
        string? sessionId = null,
        string? correlationId = null,
        DateTimeOffset? scheduledFor = null,
        string? id = null,
        DateTimeOffset? createdAt = null) => new()
        {
            Id = id ?? Ids.New(),
            Destination = destination,
            Type = type,
            Body = JsonSerializer.Serialize(body, PlatformJson.Options),
            SessionId = sessionId,
            CorrelationId = correlationId,
            ScheduledFor = scheduledFor,
            Properties = MessageTracing.CurrentContext(),
            CreatedAt = createdAt ?? DateTimeOffset.UtcNow,
        };

    /// <summary>The W3C <c>traceparent</c> this message carries, if any.</summary>
    public string? TraceParent => Properties.GetValueOrDefault(MessageTracing.TraceParent);
}
