using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Messaging;

namespace Platform.Tests.Messaging;

/// <summary>What the embedded queue does about a process that died holding a message.</summary>
public sealed class EmbeddedQueueCrashTests
{
    [Fact]
    public async Task A_message_taken_but_never_settled_is_delivered_again_after_a_restart()
    {
        var message = OutgoingMessage.Create("crash-queue", "work", new { seq = 1 });
        string dataPath;
        await using (var dying = await EmbeddedMessagingHost.StartAsync(run: false, handlers: Handlers))
        {
            dataPath = dying.DataPath;
            await dying.Bus.PublishAsync(message, default);
            var taken = await dying.Queue.ReceiveAsync(["crash-queue"], 10, TimeSpan.FromHours(1), default);
            Assert.Single(taken); // locked for an hour, and the process "dies" without settling it
        }

        await using var revived = await EmbeddedMessagingHost.StartAsync(dataPath, Handlers);
        await revived.Recorder.WaitUntilAsync(h => h.Count == 1);

        Assert.Equal((message.Id, 2), (revived.Recorder.Handled[0].Message.Id, revived.Recorder.Handled[0].Message.DeliveryCount));
    }

    private static void Handlers(IServiceCollection services) => services.AddMessageHandler<RecordingHandler>("crash-queue");
}
