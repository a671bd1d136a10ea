using Platform.Core.Messaging;
using Platform.Embedded.Messaging;
using Platform.Tests.Support;

namespace Platform.Tests.Messaging;

/// <summary>The contract on the embedded durable queue, with its real dispatcher, storage and restarts.</summary>
[AdapterUnderTest(typeof(SqliteMessageQueue))]
public sealed class EmbeddedMessageBusTests : MessageBusContract
{
    private readonly MessageRecorder _recorder = new();
    private EmbeddedMessagingHost? _host;

    protected override IMessageBus Bus => _host!.Bus;

    protected override MessageRecorder Recorder => _recorder;

    protected override int MaxDeliveryCount => 4;

    protected override async Task StartAsync() => _host = await EmbeddedMessagingHost.StartAsync(handlers: AddHandlers, recorder: _recorder);

    protected override async Task RestartAsync()
    {
        var dataPath = _host!.DataPath;
        await _host.DisposeAsync();
        _host = await EmbeddedMessagingHost.StartAsync(dataPath, AddHandlers, recorder: _recorder);
    }

    protected override async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync() => (await _host!.Queue.ListAsync(100, null, default)).Items;

    protected override Task<bool> ReplayAsync(string deadLetterId) => _host!.Queue.ReplayAsync(deadLetterId, default);

    protected override async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
