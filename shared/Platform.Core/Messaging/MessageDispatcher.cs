using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;

namespace Platform.Core.Messaging;

/// <summary>
/// Runs the registered handler for one delivered message and says how to settle it. Transports (the embedded queue,
/// the Service Bus-triggered functions) call this and only translate the outcome into their own settle calls.
/// </summary>
public sealed class MessageDispatcher
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ProcessedMessages _processed;
    private readonly ILogger<MessageDispatcher> _logger;
    private readonly Dictionary<string, MessageSubscription> _byPath;

    public MessageDispatcher(
        IServiceScopeFactory scopes, IEnumerable<MessageSubscription> subscriptions, ProcessedMessages processed, ILogger<MessageDispatcher> logger)
    {
        _scopes = scopes;
        _processed = processed;
        _logger = logger;
        _byPath = new Dictionary<string, MessageSubscription>(StringComparer.Ordinal);
        foreach (var subscription in subscriptions)
        {
            if (!_byPath.TryAdd(subscription.Path, subscription) && _byPath[subscription.Path] != subscription)
            {
                throw new InvalidOperationException(
                    $"'{subscription.Path}' has two handlers ({_byPath[subscription.Path].HandlerType.Name}, {subscription.HandlerType.Name}); give each its own subscription.");
            }
        }
    }

    /// <summary>Every queue and subscription with a handler in this process.</summary>
    public IReadOnlyCollection<MessageSubscription> Subscriptions => _byPath.Values;

    /// <summary>Handles <paramref name="message"/> unless this subscription has already completed it, and says how to settle it.</summary>
    public async Task<DispatchResult> DispatchAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        using var activity = MessageTracing.StartProcessing(message);
        if (message.EnqueuedAt != default)
        {
            PlatformMetrics.QueueLag.Record(
                Math.Max(0, (DateTimeOffset.UtcNow - message.EnqueuedAt).TotalSeconds),
                new KeyValuePair<string, object?>("messaging.destination.name", MessageSubscription.PathOf(message.Source, message.Subscription)));
        }

        using var _ = _logger.BeginScope(new Dictionary<string, object?>
        {
            ["MessageId"] = message.Id,
            ["MessageType"] = message.Type,
            ["MessagePath"] = MessageSubscription.PathOf(message.Source, message.Subscription),
        });

        if (!_byPath.TryGetValue(MessageSubscription.PathOf(message.Source, message.Subscription), out var subscription))
        {
            _logger.LogError("No handler for {Source} {Subscription}; dead-lettering message {MessageId}", message.Source, message.Subscription, message.Id);
            return DispatchResult.DeadLetter("message.no_handler", $"No handler is registered for '{MessageSubscription.PathOf(message.Source, message.Subscription)}'.");
        }

        try
        {
            if (await _processed.WasProcessedAsync(subscription, message.Id, cancellationToken))
            {
                _logger.LogInformation("Skipping message {MessageId}: already handled", message.Id);
                activity?.SetTag("messaging.duplicate", true);
                return DispatchResult.Completed(duplicate: true);
            }

            await using (var scope = _scopes.CreateAsyncScope())
            {
                var handler = (IMessageHandler)scope.ServiceProvider.GetRequiredService(subscription.HandlerType);
                await handler.HandleAsync(message, cancellationToken);
            }

            await _processed.MarkProcessedAsync(subscription, message, cancellationToken);
            return DispatchResult.Completed();
        }
        catch (PoisonMessageException poison)
        {
            _logger.LogWarning(poison, "Message {MessageId} is poison ({Reason}); dead-lettering it", message.Id, poison.Reason);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, poison.Reason);
            return DispatchResult.DeadLetter(poison.Reason, poison.Message);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Message {MessageId} failed on delivery {DeliveryCount}; it will be retried", message.Id, message.DeliveryCount);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            return DispatchResult.Retry(e);
        }
    }
}

/// <summary>How a transport should settle a delivered message.</summary>
public enum DispatchOutcome
{
    /// <summary>Handled (or handled before): remove it.</summary>
    Completed,

    /// <summary>Failed, maybe transiently: deliver it again later (abandon).</summary>
    Retry,

    /// <summary>Can never succeed: move it to the dead-letter queue with the reason.</summary>
    DeadLetter,
}

/// <summary>The outcome of one delivery; for dead letters, a reason code and description; for retries, the error.</summary>
public sealed record DispatchResult(DispatchOutcome Outcome, string? Reason = null, string? Description = null, Exception? Error = null)
{
    /// <summary>True when the subscription had already completed this message id.</summary>
    public bool Duplicate { get; init; }

    public static DispatchResult Completed(bool duplicate = false) => new(DispatchOutcome.Completed) { Duplicate = duplicate };

    public static DispatchResult Retry(Exception error) => new(DispatchOutcome.Retry, "message.handler_failed", error.Message, error);

    public static DispatchResult DeadLetter(string reason, string description) => new(DispatchOutcome.DeadLetter, reason, description);
}
