using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Storage;
using Platform.Embedded.Messaging;
using Platform.Tests.Support;

namespace Platform.Tests.Messaging;

/// <summary>
/// Note writes and their events through the document outbox, on the embedded host: the events arrive, in order, exactly
/// once, even when the process dies between the write and the send.
/// </summary>
public sealed class NoteEventsTests : IDisposable
{
    private const string Subscription = "note-events-test";
    private readonly string _dataPath = Directory.CreateTempSubdirectory("note-events-").FullName;
    private readonly List<IDisposable> _platforms = [];

    // A grace above zero keeps the relay off events the request's own fast path is clearing: otherwise the relay's clear
    // could change the ETag the request is about to return.
    private static readonly Dictionary<string, string?> FastRelay = new()
    {
        ["Platform:Messaging:Outbox:Grace"] = "00:00:00.300",
        ["Platform:Messaging:Outbox:Interval"] = "00:00:00.050",
        ["Platform:Embedded:Messaging:RetryBaseDelay"] = "00:00:00.020",
    };

    [Fact]
    public async Task Creating_editing_and_deleting_a_note_raise_its_events_in_order_and_clear_its_outbox()
    {
        var recorder = new MessageRecorder();
        var platform = Start(recorder);
        var alice = platform.ClientFor("alice");

        var created = await alice.PostAsJsonAsync("/api/notes", new { title = "夏天防晒霜推荐", body = "清爽 #防晒" });
        var note = (await created.Content.ReadFromJsonAsync<NoteResponse>())!;
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/notes/{note.Id}") { Content = JsonContent.Create(new { visibility = "Private" }) };
        patch.Headers.IfMatch.Add(created.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await alice.SendAsync(patch)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/notes/{note.Id}")).StatusCode);

        await recorder.WaitUntilAsync(h => h.Count == 3);
        var events = recorder.Handled.Select(h => (h.Message.Type, Body: h.Message.GetBody<NoteChanged>())).ToList();
        Assert.Equal([NoteEvents.Created, NoteEvents.Updated, NoteEvents.Deleted], events.Select(e => e.Type).ToList());
        Assert.All(events, e => Assert.Equal(note.Id, e.Body.NoteId));
        Assert.Equal([true, false, false], events.Select(e => e.Body.Searchable).ToList());
        Assert.Equal(["防晒"], events[0].Body.Topics);
        Assert.All(recorder.Handled, h => Assert.Equal(note.Id, h.Message.SessionId));

        var stored = await platform.Services.GetRequiredService<IDocumentStore>().FindAsync<Note>(Collections.Notes, note.Id, note.Id, default);
        Assert.Empty(stored!.Value.PendingEvents);
    }

    [Fact]
    public async Task An_event_whose_send_died_after_the_write_is_relayed_after_a_restart_and_handled_exactly_once()
    {
        var beforeCrash = new MessageRecorder();
        string noteId;
        {
            // The process "dies" between the write and the send: nothing it tries to send gets out.
            var dying = Start(beforeCrash, s => s.AddSingleton<IMessageBus, UnreachableBus>());
            var created = await dying.ClientFor("alice").PostAsJsonAsync("/api/notes", new { title = "没发出去的笔记", body = "" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode); // the write stands; its event waits in the note's outbox
            noteId = (await created.Content.ReadFromJsonAsync<NoteResponse>())!.Id;

            var stored = await dying.Services.GetRequiredService<IDocumentStore>().FindAsync<Note>(Collections.Notes, noteId, noteId, default);
            Assert.Equal(NoteEvents.Created, Assert.Single(stored!.Value.PendingEvents).Type);
            Stop(dying);
        }

        var afterRestart = new MessageRecorder();
        var revived = Start(afterRestart);
        await afterRestart.WaitUntilAsync(h => h.Any(x => x.Message.GetBody<NoteChanged>().NoteId == noteId));
        await WaitForRelayRunsAsync(revived);

        Assert.Empty(beforeCrash.Handled);
        var handled = Assert.Single(afterRestart.Handled);
        Assert.Equal(NoteEvents.Created, handled.Message.Type);
        var note = await revived.Services.GetRequiredService<IDocumentStore>().FindAsync<Note>(Collections.Notes, noteId, noteId, default);
        Assert.Empty(note!.Value.PendingEvents);
    }

    [Fact]
    public async Task An_event_sent_before_the_process_died_and_sent_again_by_the_relay_is_handled_once()
    {
        var recorder = new MessageRecorder();
        // The send gets out, then the process dies before clearing the outbox: the relay sends the same event again.
        var platform = Start(recorder, s => s.AddSingleton<IMessageBus>(sp => new DiesAfterSendingBus(sp.GetRequiredService<SqliteMessageQueue>())));

        var created = await platform.ClientFor("alice").PostAsJsonAsync("/api/notes", new { title = "发了两次", body = "" });
        var noteId = (await created.Content.ReadFromJsonAsync<NoteResponse>())!.Id;
        await recorder.WaitUntilAsync(h => h.Count >= 1);
        var bus = (DiesAfterSendingBus)platform.Services.GetRequiredService<IMessageBus>();
        var store = platform.Services.GetRequiredService<IDocumentStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await store.FindAsync<Note>(Collections.Notes, noteId, noteId, default))!.Value.PendingEvents.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await WaitForRelayRunsAsync(platform);

        Assert.True(bus.Sends >= 2, $"The relay should have sent the event again; sends: {bus.Sends}.");
        Assert.Single(recorder.Handled);
        Assert.Empty((await store.FindAsync<Note>(Collections.Notes, noteId, noteId, default))!.Value.PendingEvents);
    }

    [Fact]
    public async Task A_redelivered_message_is_not_handled_again_by_the_same_subscription()
    {
        await using var host = await EmbeddedMessagingHost.StartAsync(run: false, handlers: s => s.AddMessageHandler<RecordingHandler>("dedupe-queue"));
        var dispatcher = host.Services.GetRequiredService<MessageDispatcher>();
        var message = new IncomingMessage { Id = "m-1", Source = "dedupe-queue", Type = "t", Body = "{}" };

        var first = await dispatcher.DispatchAsync(message, default);
        var second = await dispatcher.DispatchAsync(message with { DeliveryCount = 2 }, default);

        Assert.Equal((DispatchOutcome.Completed, false), (first.Outcome, first.Duplicate));
        Assert.Equal((DispatchOutcome.Completed, true), (second.Outcome, second.Duplicate));
        Assert.Single(host.Recorder.Handled);
    }

    [Fact]
    public async Task A_message_for_a_subscription_without_a_handler_is_dead_lettered_not_lost()
    {
        await using var host = await EmbeddedMessagingHost.StartAsync(run: false);
        var dispatcher = host.Services.GetRequiredService<MessageDispatcher>();

        var result = await dispatcher.DispatchAsync(new IncomingMessage { Id = "m-1", Source = "nobody-listens", Type = "t", Body = "{}" }, default);

        Assert.Equal((DispatchOutcome.DeadLetter, "message.no_handler"), (result.Outcome, result.Reason));
    }

    private EmbeddedPlatformWith Start(MessageRecorder recorder, Action<IServiceCollection>? configure = null)
    {
        var platform = new EmbeddedPlatformWith(new EmbeddedPlatform(FastRelay, _dataPath), services =>
        {
            services.AddSingleton(recorder);
            services.AddMessageHandler<RecordingHandler>(Destinations.Events, Subscription);
            configure?.Invoke(services);
        });
        _platforms.Add(platform);
        _ = platform.Services; // starts the host, its message pump and outbox relay
        return platform;
    }

    private void Stop(EmbeddedPlatformWith platform)
    {
        platform.Dispose();
        _platforms.Remove(platform);
    }

    // Long enough for several relay runs (every 50 ms) to have had the chance to send a duplicate.
    private static Task WaitForRelayRunsAsync(EmbeddedPlatformWith platform) => Task.Delay(400);

    public void Dispose()
    {
        foreach (var platform in _platforms)
        {
            platform.Dispose();
        }
    }

    /// <summary>Service Bus down, or the process gone: every send fails.</summary>
    private sealed class UnreachableBus : IMessageBus
    {
        public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken) => throw new IOException("The bus is unreachable.");

        public Task PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) => throw new IOException("The bus is unreachable.");
    }

    /// <summary>The first send gets out and then the sender "dies" (throws) before it can clear the outbox.</summary>
    private sealed class DiesAfterSendingBus(IMessageBus inner) : IMessageBus
    {
        private int _sends;

        public int Sends => _sends;

        public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken) => PublishAsync([message], cancellationToken);

        public async Task PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
        {
            await inner.PublishAsync(messages, cancellationToken);
            if (Interlocked.Increment(ref _sends) == 1)
            {
                throw new IOException("Died after sending.");
            }
        }
    }
}
