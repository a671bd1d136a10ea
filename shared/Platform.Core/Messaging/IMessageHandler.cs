namespace Platform.Core.Messaging;

/// <summary>
/// Handles the messages of one queue or topic subscription, whatever delivered them (a Service Bus-triggered function
/// or the embedded dispatcher). Register with
/// <see cref="MessagingServiceCollectionExtensions.AddMessageHandler{THandler}(Microsoft.Extensions.DependencyInjection.IServiceCollection, string, string?)"/>.
/// </summary>
/// <remarks>
/// Returning completes the message. Throwing <see cref="PoisonMessageException"/> dead-letters it at once with that reason;
/// any other exception is treated as transient: the message is delivered again (with back-off embedded) until the
/// maximum delivery count, then dead-lettered. The dispatcher records every completed message id per subscription and
/// skips redeliveries of it, but a handler that fails half-way is run again, so make each step safe to repeat.
/// A handler is resolved from a new DI scope for each message.
/// </remarks>
public interface IMessageHandler
{
    Task HandleAsync(IncomingMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// The message can never be handled (bad body, unknown type, refers to something that cannot exist): dead-letter it now
/// with <see cref="Reason"/> instead of retrying.
/// </summary>
public sealed class PoisonMessageException : Exception
{
    public PoisonMessageException(string reason, string description, Exception? inner = null)
        : base(description, inner) => Reason = reason;

    /// <summary>A short, stable reason code such as <c>message.invalid_body</c>; shown with the dead letter.</summary>
    public string Reason { get; }
}
