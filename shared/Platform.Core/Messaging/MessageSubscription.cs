namespace Platform.Core.Messaging;

/// <summary>One handler bound to one queue, or to one subscription of a topic.</summary>
/// <param name="Source">The queue or topic name.</param>
/// <param name="Subscription">The topic subscription; null for a queue.</param>
/// <param name="HandlerType">The <see cref="IMessageHandler"/> that handles it.</param>
public sealed record MessageSubscription(string Source, string? Subscription, Type HandlerType)
{
    /// <summary>The entity path as Service Bus names it: <c>orders</c> or <c>events/subscriptions/search</c>.</summary>
    public string Path => PathOf(Source, Subscription);

    public static string PathOf(string source, string? subscription) =>
        subscription is null ? source : $"{source}/subscriptions/{subscription}";
}
