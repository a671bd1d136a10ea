using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Messaging;
using Platform.Core.Storage;

namespace Platform.Tests.Storage;

/// <summary>
/// The outbox relay over each <see cref="IDocumentStore"/> adapter's change feed: events left in a document are sent and
/// cleared, a write racing the relay is neither overwritten nor loses its event, and a later run sends nothing again.
/// </summary>
public abstract class OutboxRelayContract
{
    private const string Collection = Collections.Notes;

    protected abstract IDocumentStore Store { get; }

    [Fact]
    public async Task Events_left_in_a_document_are_sent_once_and_cleared()
    {
        var bus = new CapturingBus();
        var relay = Relay(bus);
        await relay.RelayAsync(default); // start from now: earlier documents are not this test's
        bus.Sent.Clear();
        var id = Guid.NewGuid().ToString("N");
        var events = new[] { Event(id, "thing.created"), Event(id, "thing.updated") };
        await Store.CreateAsync(Collection, id, id, new Thing(id, "v1", events), default);

        await relay.RelayAsync(default);
        await relay.RelayAsync(default);

        Assert.Equal(events.Select(e => e.Id), bus.Sent.Where(e => e.SessionId == id).Select(e => e.Id));
        var stored = await Store.FindAsync<Thing>(Collection, id, id, default);
        Assert.Equal(("v1", 0), (stored!.Value.Name, stored.Value.PendingEvents.Count));
    }

    [Fact]
    public async Task A_write_racing_the_relay_is_not_overwritten_and_its_event_is_sent_too()
    {
        var id = Guid.NewGuid().ToString("N");
        var late = Event(id, "thing.updated");
        var bus = new CapturingBus();
        // While the relay sends the first event, the entity is written again with a second one: the relay's clearing
        // replace then fails its ETag check, and it must remove only what it sent.
        bus.OnSend = async () =>
        {
            bus.OnSend = null;
            var current = await Store.FindAsync<Thing>(Collection, id, id, default);
            await Store.ReplaceAsync(Collection, id, id, current!.Value with { Name = "v2", PendingEvents = [.. current.Value.PendingEvents, late] }, current.ETag, default);
        };
        var relay = Relay(bus);
        await relay.RelayAsync(default);
        bus.Sent.Clear();
        var first = Event(id, "thing.created");
        await Store.CreateAsync(Collection, id, id, new Thing(id, "v1", [first]), default);

        await relay.RelayAsync(default);
        await relay.RelayAsync(default);

        var stored = await Store.FindAsync<Thing>(Collection, id, id, default);
        Assert.Equal("v2", stored!.Value.Name); // the relay's clearing write did not put back the version it had read
        Assert.Empty(stored.Value.PendingEvents);
        Assert.Equal([first.Id, late.Id], bus.Sent.Where(e => e.SessionId == id).Select(e => e.Id).Distinct().ToList());
    }

    [Fact]
    public async Task Young_events_are_left_to_the_writer_and_sent_once_they_are_older_than_the_grace()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var bus = new CapturingBus();
        var relay = Relay(bus, TimeSpan.FromSeconds(5), clock);
        await relay.RelayAsync(default);
        bus.Sent.Clear();
        var id = Guid.NewGuid().ToString("N");
        await Store.CreateAsync(Collection, id, id, new Thing(id, "v1", [Event(id, "thing.created", clock.GetUtcNow())]), default);

        await relay.RelayAsync(default);
        var whileYoung = bus.Sent.Count(e => e.SessionId == id);
        clock.Advance(TimeSpan.FromSeconds(6));
        await relay.RelayAsync(default);

        Assert.Equal(0, whileYoung);
        Assert.Single(bus.Sent, e => e.SessionId == id);
    }

    private OutboxRelay Relay(IMessageBus bus, TimeSpan? grace = null, TimeProvider? clock = null) =>
        new(Store, bus, [new OutboxCollection(Collection)],
            Options.Create(new OutboxOptions { Grace = grace ?? TimeSpan.Zero }), clock ?? TimeProvider.System, NullLogger<OutboxRelay>.Instance);

    private static OutgoingMessage Event(string id, string type, DateTimeOffset? at = null) =>
        OutgoingMessage.Create(Destinations.Events, type, new { id }, sessionId: id, createdAt: at ?? DateTimeOffset.UtcNow.AddMinutes(-1));

    private sealed record Thing(string Id, string Name, IReadOnlyList<OutgoingMessage> PendingEvents) : IOutboxDocument<Thing>
    {
        public Thing WithoutPendingEvents() => this with { PendingEvents = [] };
    }

    private sealed class CapturingBus : IMessageBus
    {
        public List<OutgoingMessage> Sent { get; } = [];

        public Func<Task>? OnSend { get; set; }

        public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken) => PublishAsync([message], cancellationToken);

        public async Task PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
        {
            lock (Sent)
            {
                Sent.AddRange(messages);
            }

            if (OnSend is { } onSend)
            {
                await onSend();
            }
        }
    }
}
