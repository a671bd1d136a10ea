using System.Globalization;
using Azure.Messaging.ServiceBus;
using Platform.Core.Messaging;

namespace Platform.Azure.Messaging;

/// <summary>Our message shapes to and from Service Bus's: the one place that decides what goes in which broker field.</summary>
public static class ServiceBusMapping
{
    public const string JsonContentType = "application/json";

    // The Service Bus SDK's own trace header, used when a sender did not set traceparent.
    private const string DiagnosticId = "Diagnostic-Id";

    /// <summary>
    /// MessageId = our id (broker duplicate detection), Subject = type, SessionId, CorrelationId, ScheduledEnqueueTime,
    /// and every property (with <c>traceparent</c>) as an application property.
    /// </summary>
    public static ServiceBusMessage ToServiceBusMessage(OutgoingMessage message)
    {
        var sent = new ServiceBusMessage(BinaryData.FromString(message.Body))
        {
            MessageId = message.Id,
            Subject = message.Type,
            ContentType = JsonContentType,
            SessionId = message.SessionId,
            CorrelationId = message.CorrelationId,
        };
        if (message.ScheduledFor is { } at)
        {
            sent.ScheduledEnqueueTime = at;
        }

        foreach (var (key, value) in message.Properties)
        {
            sent.ApplicationProperties[key] = value;
        }

        if (!message.Properties.ContainsKey(MessageTracing.TraceParent))
        {
            foreach (var (key, value) in MessageTracing.CurrentContext())
            {
                sent.ApplicationProperties[key] = value;
            }
        }

        return sent;
    }

    /// <summary>A received message as handlers see it. <paramref name="subscription"/> is null for a queue.</summary>
    public static IncomingMessage ToIncomingMessage(ServiceBusReceivedMessage message, string source, string? subscription)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in message.ApplicationProperties)
        {
            if (value is not null)
            {
                properties[key] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            }
        }

        if (!properties.ContainsKey(MessageTracing.TraceParent) && properties.TryGetValue(DiagnosticId, out var diagnosticId))
        {
            properties[MessageTracing.TraceParent] = diagnosticId;
        }

        return new IncomingMessage
        {
            Id = message.MessageId,
            Source = source,
            Subscription = subscription,
            Type = message.Subject ?? "",
            Body = message.Body.ToString(),
            SessionId = message.SessionId,
            CorrelationId = message.CorrelationId,
            Properties = properties,
            DeliveryCount = message.DeliveryCount,
            EnqueuedAt = message.EnqueuedTime,
        };
    }
}
