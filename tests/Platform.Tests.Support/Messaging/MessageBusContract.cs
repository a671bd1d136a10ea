using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Messaging;

namespace Platform.Tests.Messaging;

/// <summary>
/// What every <see cref="IMessageBus"/> adapter and its delivery side must do: carry every field, fan a topic out to each
/// subscription, drop a re-sent message id, honour schedules, retry then dead-letter, keep a session in order, and lose
/// nothing across a restart. Handlers: <see cref="RecordingHandler"/> on <see cref="Queue"/> and on two subscriptions of
/// <see cref="Destinations.Events"/>.
/// </summary>
public abstract class MessageBusContract : IAsyncLifetime
{
    protected const string Queue = "contract-queue";
    protected const string SubscriptionA = "contract-a";
    protected const string SubscriptionB = "contract-b";

    protected abstract IMessageBus Bus { get; }

    protected abstract MessageRecorder Recorder { get; }

    /// <summary>Maximum deliveries before a failing message is dead-lettered, as the adapter under test is configured.</summary>
    protected abstract int MaxDeliveryCount { get; }

    /// <summary>Starts the transport (and its delivery to the handlers) on fresh, empty storage.</summary>
    protected abstract Task StartAsync();

    /// <summary>Stops the process and starts it again on the same storage.</summary>
    protected abstract Task RestartAsync();

    protected abstract Task<IReadOnlyList<DeadLetter>> DeadLettersAsync();

    protected abstract Task<bool> ReplayAsync(string deadLetterId);

    protected abstract Task StopAsync();

    protected static void AddHandlers(IServiceCollection services)
    {
        services.AddMessageHandler<RecordingHandler>(Queue);
        services.AddMessageHandler<RecordingHandler>(Destinations.Events, SubscriptionA);
        services.AddMessageHandler<SecondRecordingHandler>(Destinations.Events, SubscriptionB);
    }

    public Task InitializeAsync()
    {
        TestTracing.EnsureListening();
        return StartAsync();
    }

    public Task DisposeAsync() => StopAsync();

    [Fact]
    public async Task A_sent_message_arrives_with_everything_it_carries()
    {
        var sent = new OutgoingMessage
        {
            Destination = Queue,
            Type = "order.placed",
            Body = """{"seq":7,"note":"夏天防晒"}""",
            SessionId = "order-1",
            CorrelationId = "corr-1",
            Properties = new Dictionary<string, string>
            {
                ["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                ["tenant"] = "acme",
            },
        };

        await Bus.PublishAsync(sent, default);
        await Recorder.WaitUntilAsync(h => h.Count == 1);

        var received = Recorder.Handled[0].Message;
        Assert.Equal((sent.Id, Queue, (string?)null, "order.placed", "order-1", "corr-1", 1),
            (received.Id, received.Source, received.Subscription, received.Type, received.SessionId, received.CorrelationId, received.DeliveryCount));
        Assert.Equal(7, received.GetBody<MessageRecorder.Behaviour>().Seq);
        Assert.Contains("夏天防晒", received.Body, StringComparison.Ordinal);
        Assert.Equal("acme", received.Properties["tenant"]);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", received.TraceParent);
        // The handler runs in the trace the message came from.
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", Recorder.Handled[0].TraceId);
    }

    [Fact]
    public async Task A_topic_message_reaches_every_subscription_once_and_a_queue_message_one_handler()
    {
        var evt = OutgoingMessage.Create(Destinations.Events, "note.created", new { seq = 1 });
        var command = OutgoingMessage.Create(Queue, "order.place", new { seq = 2 });

        await Bus.PublishAsync([evt, command], default);
        await Recorder.WaitUntilAsync(h => h.Count >= 3);
        await Task.Delay(200);

        var byHandler = Recorder.Handled.GroupBy(h => h.Handler).ToDictionary(g => g.Key, g => g.Select(h => h.Message.Id).ToList());
        Assert.Equal([evt.Id], byHandler[$"{Destinations.Events}/subscriptions/{SubscriptionA}"]);
        Assert.Equal([evt.Id], byHandler[$"{Destinations.Events}/subscriptions/{SubscriptionB}"]);
        Assert.Equal([command.Id], byHandler[Queue]);
        Assert.Equal(3, Recorder.Handled.Count);
    }

    [Fact]
    public async Task A_message_id_sent_twice_is_handled_once()
    {
        var message = OutgoingMessage.Create(Queue, "order.place", new { seq = 1 });
        var marker = OutgoingMessage.Create(Queue, "order.place", new { seq = 2 });

        await Bus.PublishAsync(message, default);
        await Recorder.WaitUntilAsync(h => h.Count == 1);
        await Bus.PublishAsync(message, default); // e.g. the outbox relay re-sending what the fast path already sent
        await Bus.PublishAsync(marker, default);
        await Recorder.WaitUntilAsync(h => h.Any(x => x.Message.Id == marker.Id));

        Assert.Single(Recorder.Handled, h => h.Message.Id == message.Id);
    }

    [Fact]
    public async Task A_scheduled_message_is_not_delivered_before_its_time()
    {
        var at = DateTimeOffset.UtcNow.AddMilliseconds(800);
        var later = OutgoingMessage.Create(Queue, "reminder", new { seq = 1 }, scheduledFor: at);
        var now = OutgoingMessage.Create(Queue, "reminder", new { seq = 2 });

        await Bus.PublishAsync([later, now], default);
        await Recorder.WaitUntilAsync(h => h.Count == 2);

        Assert.Equal([now.Id, later.Id], Recorder.Handled.Select(h => h.Message.Id).ToList());
        Assert.True(Recorder.Handled[1].At >= at.AddMilliseconds(-1), $"Delivered at {Recorder.Handled[1].At:O}, scheduled for {at:O}");
    }

    [Fact]
    public async Task A_failing_message_is_retried_with_a_growing_delivery_count_until_it_succeeds()
    {
        var flaky = OutgoingMessage.Create(Queue, "order.place", new { fail = 2 });

        await Bus.PublishAsync(flaky, default);
        await Recorder.WaitUntilAsync(h => h.Count == 1);

        Assert.Equal(3, Recorder.Attempts(flaky.Id));
        Assert.Equal(3, Recorder.Handled[0].Message.DeliveryCount);
        Assert.Empty(await DeadLettersAsync());
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_dead_lettered_at_the_max_delivery_count_and_can_be_replayed()
    {
        Recorder.FailEverything = true;
        var doomed = OutgoingMessage.Create(Queue, "order.place", new { seq = 1 });

        await Bus.PublishAsync(doomed, default);
        var deadLetter = await WaitForDeadLetterAsync(doomed.Id);

        Assert.Equal("MaxDeliveryCountExceeded", deadLetter.Reason);
        Assert.Contains("Transient failure", deadLetter.Description, StringComparison.Ordinal);
        Assert.Equal(MaxDeliveryCount, deadLetter.DeliveryCount);
        Assert.Equal(MaxDeliveryCount, Recorder.Attempts(doomed.Id));
        Assert.Equal(Queue, deadLetter.Path);

        Recorder.FailEverything = false; // the broken dependency is fixed
        Assert.True(await ReplayAsync(deadLetter.Id));
        await Recorder.WaitUntilAsync(h => h.Any(x => x.Message.Id == doomed.Id));
        Assert.Empty(await DeadLettersAsync());
        Assert.False(await ReplayAsync(deadLetter.Id));
    }

    [Fact]
    public async Task A_poison_message_is_dead_lettered_at_once_with_its_reason()
    {
        var poison = OutgoingMessage.Create(Queue, "order.place", new { poison = true });
        var garbage = new OutgoingMessage { Destination = Queue, Type = "order.place", Body = "not json" };

        await Bus.PublishAsync([poison, garbage], default);
        var first = await WaitForDeadLetterAsync(poison.Id);
        var second = await WaitForDeadLetterAsync(garbage.Id);

        Assert.Equal(("test.poison", 1), (first.Reason, first.DeliveryCount));
        Assert.Equal(("message.invalid_body", 1), (second.Reason, second.DeliveryCount));
        Assert.Equal(1, Recorder.Attempts(poison.Id));
    }

    [Fact]
    public async Task Messages_of_one_session_are_handled_one_at_a_time_in_order()
    {
        var messages = Enumerable.Range(0, 30)
            .Select(i => OutgoingMessage.Create(Queue, "order.step", new { seq = i, delayMs = i % 3 == 0 ? 15 : 0, fail = i % 7 == 0 ? 1 : 0 }, sessionId: $"order-{i % 3}"))
            .ToList();

        foreach (var message in messages)
        {
            await Bus.PublishAsync(message, default);
        }

        await Recorder.WaitUntilAsync(h => h.Count == 30);

        foreach (var session in Recorder.Handled.GroupBy(h => h.Message.SessionId))
        {
            var order = session.Select(h => h.Message.GetBody<MessageRecorder.Behaviour>().Seq).ToList();
            Assert.Equal(order.Order(), order);
        }

        Assert.Equal(1, Recorder.MaxConcurrentPerSession);
    }

    [Fact]
    public async Task Messages_accepted_before_a_restart_are_all_handled_after_it()
    {
        var messages = Enumerable.Range(0, 40)
            .Select(i => OutgoingMessage.Create(i % 2 == 0 ? Queue : Destinations.Events, "work", new { seq = i, delayMs = 20 }))
            .ToList();

        await Bus.PublishAsync(messages, default);
        await RestartAsync(); // some are in flight, most are still waiting
        await Recorder.WaitUntilAsync(h => h.Select(x => x.Handler + x.Message.Id).Distinct().Count() == 60);

        Assert.Empty(await DeadLettersAsync());
    }

    private async Task<DeadLetter> WaitForDeadLetterAsync(string messageId)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if ((await DeadLettersAsync()).FirstOrDefault(d => d.MessageId == messageId) is { } found)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Message {messageId} was not dead-lettered.");
    }
}
