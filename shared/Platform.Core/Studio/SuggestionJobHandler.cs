using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Messaging;

namespace Platform.Core.Studio;

/// <summary>
/// The suggestions queue's handler: drafts the suggestion. Idempotent on redelivery: a finished suggestion is not drafted
/// (or counted) again, and one another delivery is still drafting is left to it (<see cref="SuggestionBusyException"/>). A job that keeps
/// failing for reasons other than the model is marked failed, so the brand is not left polling a running suggestion,
/// and dead-lettered.
/// </summary>
public sealed class SuggestionJobHandler(SuggestionWorker worker, IOptions<StudioOptions> options) : IMessageHandler
{
    public async Task HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.Type != SuggestionMessages.Requested)
        {
            throw new PoisonMessageException("studio.unknown_message", $"Message {message.Id} has unknown type {message.Type}.");
        }

        var job = message.GetBody<SuggestionJob>();
        if (!Ids.IsWellFormed(job.BrandId) || !Ids.IsWellFormed(job.SuggestionId))
        {
            throw new PoisonMessageException("studio.invalid_job", $"Message {message.Id} names no valid suggestion.");
        }

        try
        {
            await worker.ProcessAsync(job, cancellationToken);
        }
        catch (Exception e) when (e is not (OperationCanceledException or SuggestionBusyException) && message.DeliveryCount >= options.Value.MaxJobDeliveries)
        {
            await worker.MarkFailedAsync(job, e.GetType().Name, cancellationToken);
            throw new PoisonMessageException("studio.processing_failed", $"Suggestion {job.SuggestionId} failed {message.DeliveryCount} times: {e.Message}", e);
        }
    }
}
