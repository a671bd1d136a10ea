using Platform.Core.Messaging;

namespace Platform.Core.Commerce;

/// <summary>The orders queue's handler: hands each <c>order.command</c> to the <see cref="OrderWorkflow"/>.</summary>
public sealed class OrderCommandHandler(OrderWorkflow workflow) : IMessageHandler
{
    /// <inheritdoc/>
    public Task HandleAsync(IncomingMessage message, CancellationToken cancellationToken) => message.Type switch
    {
        OrderCommand.MessageType => workflow.HandleAsync(OrderCommand.Read(message), cancellationToken),
        _ => throw new PoisonMessageException("order.unknown_message", $"The orders queue does not handle '{message.Type}' messages."),
    };
}
