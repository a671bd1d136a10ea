using System.Diagnostics;

namespace Platform.Core.Messaging;

/// <summary>
/// W3C trace context across the bus: a message carries the <c>traceparent</c> of the code that raised it, and the
/// dispatcher starts the handler's activity as its child, so one trace follows HTTP → bus → handler.
/// </summary>
public static class MessageTracing
{
    /// <summary>The activity source of sends and handler runs; add it to OpenTelemetry tracing (<c>AddSource</c>).</summary>
    public const string SourceName = "Platform.Messaging";

    public const string TraceParent = "traceparent";

    public const string TraceState = "tracestate";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>The current activity's context as message properties (empty when there is none).</summary>
    public static Dictionary<string, string> CurrentContext()
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            properties[TraceParent] = current.Id!;
            if (!string.IsNullOrEmpty(current.TraceStateString))
            {
                properties[TraceState] = current.TraceStateString;
            }
        }

        return properties;
    }

    /// <summary>Starts the consumer activity for handling <paramref name="message"/>, parented on the context it carries.</summary>
    public static Activity? StartProcessing(IncomingMessage message)
    {
        ActivityContext.TryParse(message.TraceParent, message.Properties.GetValueOrDefault(TraceState), isRemote: true, out var parent);
        var activity = Source.StartActivity($"process {message.Source}", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.message.id", message.Id);
        activity?.SetTag("messaging.destination.name", message.Source);
        activity?.SetTag("messaging.destination.subscription.name", message.Subscription);
        activity?.SetTag("messaging.message.type", message.Type);
        activity?.SetTag("messaging.message.delivery_count", message.DeliveryCount);
        return activity;
    }

    /// <summary>Starts the producer activity for a send.</summary>
    public static Activity? StartPublishing(string destination, int count)
    {
        var activity = Source.StartActivity($"send {destination}", ActivityKind.Producer);
        activity?.SetTag("messaging.destination.name", destination);
        activity?.SetTag("messaging.batch.message_count", count);
        return activity;
    }
}
