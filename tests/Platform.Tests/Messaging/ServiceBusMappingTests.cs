using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using Platform.Azure.Messaging;
using Platform.Core.Messaging;

namespace Platform.Tests.Messaging;

/// <summary>The Service Bus messages the adapter builds, field by field (there is no broker to send them to here).</summary>
public sealed class ServiceBusMappingTests
{
    [Fact]
    public void An_outgoing_message_maps_onto_the_broker_fields_that_make_dedupe_sessions_and_schedules_work()
    {
        var at = new DateTimeOffset(2026, 6, 1, 8, 30, 0, TimeSpan.Zero);
        var message = new OutgoingMessage
        {
            Id = "0195f3c2a1b27c3d8e9f00112233aabb",
            Destination = Destinations.Orders,
            Type = "order.paid",
            Body = """{"orderId":"o-1","amount":99.5,"note":"防晒霜"}""",
            SessionId = "o-1",
            CorrelationId = "checkout-7",
            ScheduledFor = at,
            Properties = new Dictionary<string, string>
            {
                ["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                ["tracestate"] = "congo=t61rcWkgMzE",
                ["tenant"] = "acme",
            },
        };

        var sent = ServiceBusMapping.ToServiceBusMessage(message);

        Assert.Equal(message.Id, sent.MessageId);
        Assert.Equal("order.paid", sent.Subject);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("o-1", sent.SessionId);
        Assert.Equal("checkout-7", sent.CorrelationId);
        Assert.Equal(at, sent.ScheduledEnqueueTime);
        Assert.Equal(message.Body, sent.Body.ToString());
        Assert.Equal(message.Properties.OrderBy(p => p.Key), sent.ApplicationProperties.Select(p => KeyValuePair.Create(p.Key, (string)p.Value)).OrderBy(p => p.Key));
    }

    [Fact]
    public void An_unscheduled_message_without_a_session_leaves_those_fields_unset()
    {
        var sent = ServiceBusMapping.ToServiceBusMessage(new OutgoingMessage { Destination = Destinations.Events, Type = "note.created", Body = "{}" });

        Assert.Null(sent.SessionId);
        Assert.Null(sent.CorrelationId);
        Assert.Equal(default, sent.ScheduledEnqueueTime);
    }

    [Fact]
    public void A_message_raised_inside_a_trace_carries_its_traceparent()
    {
        using var activity = new Activity("http request").SetIdFormat(ActivityIdFormat.W3C).Start();

        var message = OutgoingMessage.Create(Destinations.Events, "note.created", new { noteId = "n1" }, sessionId: "n1");
        var sent = ServiceBusMapping.ToServiceBusMessage(message);

        Assert.Equal(activity.Id, sent.ApplicationProperties["traceparent"]);
        Assert.Equal("""{"noteId":"n1"}""", sent.Body.ToString());
    }

    [Fact]
    public void A_received_message_maps_back_with_its_delivery_count_and_trace_context()
    {
        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString("""{"noteId":"n1"}"""),
            messageId: "m-1",
            sessionId: "n1",
            correlationId: "n1",
            subject: "note.updated",
            properties: new Dictionary<string, object> { ["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", ["attempt"] = 3 },
            deliveryCount: 2,
            enqueuedTime: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var incoming = ServiceBusMapping.ToIncomingMessage(received, Destinations.Events, "search");

        Assert.Equal(("m-1", Destinations.Events, "search", "note.updated", "n1", "n1", 2),
            (incoming.Id, incoming.Source, incoming.Subscription, incoming.Type, incoming.SessionId, incoming.CorrelationId, incoming.DeliveryCount));
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", incoming.TraceParent);
        Assert.Equal("3", incoming.Properties["attempt"]);
        Assert.Equal("n1", incoming.GetBody<NoteRef>().NoteId);
    }

    [Fact]
    public void A_message_from_a_sender_that_set_only_the_sdk_diagnostic_id_still_joins_its_trace()
    {
        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString("{}"), messageId: "m-2", subject: "x",
            properties: new Dictionary<string, object> { ["Diagnostic-Id"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" });

        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", ServiceBusMapping.ToIncomingMessage(received, "orders", null).TraceParent);
    }

    private sealed record NoteRef(string NoteId);
}
