using System.Text.Json;
using Platform.Core.Common;

namespace Platform.Core.Messaging;

/// <summary>A message as a handler receives it, whichever transport delivered it.</summary>
public sealed record IncomingMessage
{
    /// <summary>The sender's message id (<see cref="OutgoingMessage.Id"/>); the same on every redelivery.</summary>
    public required string Id { get; init; }

    /// <summary>The queue or topic it was sent to.</summary>
    public required string Source { get; init; }

    /// <summary>The topic subscription it arrived through; null for a queue.</summary>
    public string? Subscription { get; init; }

    /// <summary>What the message is, e.g. <c>note.created</c> (Service Bus Subject).</summary>
    public required string Type { get; init; }

    /// <summary>The payload as JSON text.</summary>
    public required string Body { get; init; }

    public string? SessionId { get; init; }

    public string? CorrelationId { get; init; }

    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>1 on the first delivery, then one more for every retry.</summary>
    public int DeliveryCount { get; init; } = 1;

    /// <summary>When the transport accepted (or, for a scheduled message, released) it.</summary>
    public DateTimeOffset EnqueuedAt { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the code that raised the message, if any.</summary>
    public string? TraceParent => Properties.GetValueOrDefault(MessageTracing.TraceParent);

    /// <summary>The body as <typeparamref name="T"/>; a body that is not valid JSON for it is poison (never retried).</summary>
    public T GetBody<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Body, PlatformJson.Options)
                ?? throw new PoisonMessageException("message.empty_body", $"Message {Id} ({Type}) has a null body.");
        }
        catch (JsonException e)
        {
            throw new PoisonMessageException("message.invalid_body", $"Message {Id} ({Type}) is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }
}
