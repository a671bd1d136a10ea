using Platform.Core.Storage;

namespace Platform.Core.Messaging;

/// <summary>
/// Which message ids each subscription has completed, so a redelivered or re-sent message is not handled twice.
/// Stored in <see cref="Collections.ProcessedMessages"/>: partition = message id, id = the subscription's key.
/// </summary>
public sealed class ProcessedMessages(IDocumentStore store, TimeProvider clock)
{
    public async Task<bool> WasProcessedAsync(MessageSubscription subscription, string messageId, CancellationToken cancellationToken) =>
        await store.FindAsync<ProcessedMessage>(Collections.ProcessedMessages, messageId, KeyOf(subscription), cancellationToken) is not null;

    public Task MarkProcessedAsync(MessageSubscription subscription, IncomingMessage message, CancellationToken cancellationToken) =>
        store.UpsertAsync(Collections.ProcessedMessages, message.Id, KeyOf(subscription),
            new ProcessedMessage(message.Type, clock.GetUtcNow()), cancellationToken);

    // Cosmos ids may not contain '/', so the path becomes source~subscription.
    private static string KeyOf(MessageSubscription subscription) =>
        subscription.Subscription is null ? subscription.Source : $"{subscription.Source}~{subscription.Subscription}";

    private sealed record ProcessedMessage(string Type, DateTimeOffset ProcessedAt);
}
