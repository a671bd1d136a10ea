using Platform.Core.Messaging;
using Platform.Core.Readers;

namespace Platform.Core.Feed;

/// <summary>
/// The feed subscription of the events topic: each <see cref="ReaderActivityBatch"/> updates the profiles of the signed-in
/// readers in it (one write per reader per batch). Anonymous readers' activity has no profile to update; other events
/// complete at once.
/// </summary>
public sealed class ReaderActivityFeedHandler(ReaderProfiles profiles) : IMessageHandler
{
    public async Task HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.Type != ReaderActivityBatch.MessageType)
        {
            return;
        }

        var batch = message.GetBody<ReaderActivityBatch>();
        if (string.IsNullOrEmpty(batch.BatchId) || batch.Items is null)
        {
            throw new PoisonMessageException("feed.invalid_batch", $"Message {message.Id} is not a reader activity batch.");
        }

        await profiles.ApplyAsync(batch, cancellationToken);
    }
}
