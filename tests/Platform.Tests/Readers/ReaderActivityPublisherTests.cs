using Microsoft.Extensions.Options;
using Platform.Core.Messaging;
using Platform.Core.Readers;

namespace Platform.Tests.Readers;

/// <summary>Counted actions travel in batches: requests that arrive while a send is in flight share the next message.</summary>
public sealed class ReaderActivityPublisherTests
{
    [Fact]
    public async Task Requests_arriving_during_a_send_share_one_message_and_messages_respect_the_size_cap()
    {
        var bus = new GatedBus();
        var publisher = new ReaderActivityPublisher(bus, Options.Create(new ReaderEventsOptions { MaxItemsPerMessage = 25 }));

        var first = publisher.PublishAsync(Items(10), CancellationToken.None);
        await bus.FirstSendStarted.Task;
        var waiting = Enumerable.Range(0, 5).Select(_ => publisher.PublishAsync(Items(10), CancellationToken.None)).ToList();
        Assert.DoesNotContain(waiting, t => t.IsCompleted); // not on the bus yet: no 202 before the actions are durable
        bus.Release.SetResult();
        await Task.WhenAll([first, .. waiting]);

        var batches = bus.Sent.Select(m => m.GetBody()).ToList();
        Assert.All(bus.Sent, m => Assert.Equal(ReaderActivityBatch.MessageType, m.Type));
        Assert.Equal(60, batches.Sum(b => b.Items.Count));
        Assert.Equal(10, batches[0].Items.Count);
        Assert.Equal([25, 25], batches.Skip(1).Select(b => b.Items.Count)); // 50 waiting actions: two messages, not five
        Assert.Equal(3, publisher.MessagesSent);
    }

    [Fact]
    public async Task A_failed_send_fails_the_requests_it_carried()
    {
        var bus = new GatedBus { Fail = true };
        bus.Release.SetResult();
        var publisher = new ReaderActivityPublisher(bus, Options.Create(new ReaderEventsOptions()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.PublishAsync(Items(3), CancellationToken.None));
    }

    private static List<ReaderActivity> Items(int count) =>
        Enumerable.Range(0, count).Select(i => new ReaderActivity(ActivityKind.Impression, $"n{i}", "d:a", null, DateTimeOffset.UnixEpoch)).ToList();

    private sealed class GatedBus : IMessageBus
    {
        public List<OutgoingMessage> Sent { get; } = [];

        public TaskCompletionSource FirstSendStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Fail { get; init; }

        public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken) => PublishAsync([message], cancellationToken);

        public async Task PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
        {
            FirstSendStarted.TrySetResult();
            await Release.Task;
            if (Fail)
            {
                throw new InvalidOperationException("bus down");
            }

            lock (Sent)
            {
                Sent.AddRange(messages);
            }
        }
    }
}

internal static class ReaderMessages
{
    public static ReaderActivityBatch GetBody(this OutgoingMessage message) =>
        System.Text.Json.JsonSerializer.Deserialize<ReaderActivityBatch>(message.Body, Platform.Core.Common.PlatformJson.Options)!;
}
