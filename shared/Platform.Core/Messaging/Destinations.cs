namespace Platform.Core.Messaging;

/// <summary>
/// The queues and topics the platform sends to. Infrastructure provisions exactly these (Service Bus entities,
/// subscriptions and their session setting); the embedded queue fans a topic out to the subscriptions that have a handler.
/// Add yours here with a comment saying who sends, who receives, and what the session id is.
/// </summary>
public static class Destinations
{
    /// <summary>Domain events (<c>note.created</c>, ...), one subscription per consumer. Session id: the entity id
    /// (e.g. note id), so a session-enabled subscription sees one entity's events in order.</summary>
    public const string Events = "events";

    /// <summary>Order workflow commands, session-enabled; session id = order id so one order's steps never interleave.</summary>
    public const string Orders = "orders";

    /// <summary>AI suggestion jobs, session-enabled; session id = the brand, so one brand's jobs run one at a time (its quota).</summary>
    public const string Suggestions = "suggestions";

    /// <summary>Subscriptions of <see cref="Events"/>: each needs a handler (<c>AddMessageHandler</c>) and a Service Bus trigger,
    /// or its messages pile up unread (tests check both against infra/main.bicep).</summary>
    public static class EventSubscriptions
    {
        /// <summary>Keeps the search index in step with notes.</summary>
        public const string Search = "search";

        /// <summary>Content analytics (views, engagement, orders per note).</summary>
        public const string Analytics = "analytics";

        /// <summary>Reader activity batches (<c>reader.activity</c>) update the readers' interest profiles for the feed.</summary>
        public const string Feed = "feed";

        /// <summary>Community counters: reader activity batches (<c>reader.activity</c>) into note views, impressions, shares, clicks.</summary>
        public const string Community = "community";

        /// <summary>Notifications: likes, collects, follows, comments, mentions, order changes, moderation decisions and
        /// partnership events into each recipient's inbox.</summary>
        public const string Notifications = "notifications";
    }

    /// <summary>Every destination, for provisioning and the infrastructure parity test.</summary>
    public static IReadOnlyList<DestinationInfo> All { get; } =
    [
        new(Events, DestinationKind.Topic, RequiresSession: false,
            [EventSubscriptions.Search, EventSubscriptions.Analytics, EventSubscriptions.Feed, EventSubscriptions.Community,
             EventSubscriptions.Notifications]),
        new(Orders, DestinationKind.Queue, RequiresSession: true, []),
        new(Suggestions, DestinationKind.Queue, RequiresSession: true, []),
    ];

    /// <summary>Whether <paramref name="destination"/> is a topic (fan-out) rather than a queue.</summary>
    public static bool IsTopic(string destination) =>
        All.Any(d => d.Name == destination && d.Kind == DestinationKind.Topic);
}

public enum DestinationKind
{
    Queue,
    Topic,
}

/// <summary>A queue or topic; for a topic, its subscriptions. <paramref name="RequiresSession"/> = session-enabled entity.</summary>
public sealed record DestinationInfo(string Name, DestinationKind Kind, bool RequiresSession, IReadOnlyList<string> Subscriptions);
