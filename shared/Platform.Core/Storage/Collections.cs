namespace Platform.Core.Storage;

/// <summary>
/// Every collection the application uses. In Cosmos DB each is a container partitioned on <c>/pk</c>;
/// the comment on each says what its partition key value is and why.
/// </summary>
public static class Collections
{
    /// <summary>Notes, partitioned by note id: the hot path is reading one note (a point read), and writes spread evenly.
    /// Listing one author's notes is a query on <c>authorId</c>, answered from the index.</summary>
    public const string Notes = "notes";

    /// <summary>Media records (uploads and what processing made of them), partitioned by media id: every access is by id
    /// (the upload's blob name carries it, a note lists media ids, the API reads one item), so all are point reads and
    /// each partition holds one small document.</summary>
    public const string Media = "media";

    /// <summary>The perceptual-hash index that spots re-uploads of someone else's image, partitioned by hash band
    /// (<c>b{index}-{16 bits as hex}</c>): a lookup reads four known partitions instead of querying every media record,
    /// and a near-identical image (a few bits apart) shares at least one band with the original.</summary>
    public const string MediaHashes = "mediaHashes";

    /// <summary>Counters (likes, followers, ...), one document per subject, partitioned by subject ("note-{id}", "user-{id}"):
    /// every update is a point read and an ETag-checked replace of that one document.</summary>
    public const string Counters = "counters";

    /// <summary>One like per (note, user), partitioned by note id: "has the caller liked this note" is a point read, and a
    /// note's likes sit together. A user's likes (export, erasure) are a cross-partition query on <c>userId</c>.</summary>
    public const string Likes = "likes";

    /// <summary>One collect per (user, note), partitioned by user id: a user's boards are listed from one partition.</summary>
    public const string Collects = "collects";

    /// <summary>A user's boards (named collections), partitioned by user id.</summary>
    public const string Boards = "boards";

    /// <summary>One follow per (follower, followee), partitioned by follower: the "following" view reads one partition.
    /// A user's followers are a cross-partition query on <c>followeeId</c>.</summary>
    public const string Follows = "follows";

    /// <summary>Comments and replies, partitioned by note id: a note's comments are paged from one partition.</summary>
    public const string Comments = "comments";

    /// <summary>Profiles, partitioned by user id (point reads).</summary>
    public const string Profiles = "profiles";

    /// <summary>Moderation cases, one per reported or held item, partitioned by case id; the queue is a cross-partition
    /// query on <c>state</c>, small by nature (open cases only).</summary>
    public const string ModerationCases = "moderationCases";

    /// <summary>Reports, one per (item, reporter), partitioned by case id so "one report per user per item" is a create conflict.</summary>
    public const string Reports = "reports";

    /// <summary>Reporters' standing (account age, upheld and dismissed reports, recent report times), partitioned by user id:
    /// a point read and an ETag-checked replace at each report and decision.</summary>
    public const string Reporters = "reporters";

    /// <summary>Paid brand-creator partnerships, partitioned by creator id: the disclosure check is a point read per tagged brand.</summary>
    public const string Partnerships = "partnerships";

    /// <summary>Which messages each handler has completed (de-duplication), partitioned by message id: every check is a point
    /// read and writes spread evenly. The id is the subscription (<c>events~search</c>). Give the container a TTL (7 days).</summary>
    public const string ProcessedMessages = "processed-messages";

    /// <summary>The outbox relay's change-feed checkpoint per outbox collection, partitioned (and keyed) by that collection's name.</summary>
    public const string OutboxCheckpoints = "outbox-checkpoints";


    /// <summary>Brand profiles, partitioned by brand id: read one at a time (point reads), written rarely.</summary>
    public const string Brands = "brands";

    /// <summary>Shops, partitioned by shop id: every order and product names its shop, so reads are point reads.
    /// A brand's shops are a query on <c>brandId</c>.</summary>
    public const string Shops = "shops";

    /// <summary>Products with their SKUs and prices, partitioned by product id: notes tag products by id, so a note's product
    /// cards are point reads. A shop's catalogue is a query on <c>shopId</c>.</summary>
    public const string Products = "products";

    /// <summary>Stock, one to <c>StockShards</c> documents per SKU (<c>{skuId}</c>, <c>{skuId}~s1</c>, ...), each its own partition:
    /// every checkout's ETag-checked write touches one shard of one SKU, so contention (and Cosmos throughput) is spread per
    /// variant and, for a SKU with much stock, over its shards' logical partitions.</summary>
    public const string Stock = "stock";

    /// <summary>Carts, partitioned (and keyed) by user id: one cart per user, always a point read.</summary>
    public const string Carts = "carts";

    /// <summary>Each buyer's orders awaiting payment and recent lapses (the unpaid-hold limits), partitioned (and keyed) by buyer
    /// id: checkout reads and writes it with point operations instead of querying orders.</summary>
    public const string BuyerHolds = "buyer-holds";

    /// <summary>Orders, partitioned by order id: the workflow (one Service Bus session per order) reads and writes one order at
    /// a time. A buyer's and a shop's orders are queries on <c>buyerId</c> and <c>shopId</c>.</summary>
    public const string Orders = "orders";

    /// <summary>Payment webhook event ids already accepted, partitioned (and keyed) by event id: the de-duplication check is a
    /// create that conflicts on a replay. Give the container a TTL longer than the replay window (e.g. 30 days).</summary>
    public const string PaymentEvents = "payment-events";

    /// <summary>Brand studio draft suggestions, partitioned by brand id: a brand reads and lists only its own, and a
    /// suggestion (with its drafts) is one document, read and edited with point operations.</summary>
    public const string Suggestions = "suggestions";

    /// <summary>Per-brand daily studio usage counters (requests, tokens, cost), partitioned by brand id; id is the UTC day.</summary>
    public const string StudioUsage = "studio-usage";

    /// <summary>Per-note content metrics (views, engagement, orders, revenue), partitioned by note id: every event is about one note.</summary>
    public const string ContentMetrics = "content-metrics";

    /// <summary>Content analytics aggregates, partitioned by scope key ("all", "topic:x", "brand:y"): one document per scope,
    /// read with a point read when insights are asked for.</summary>
    public const string ContentAggregates = "content-aggregates";

    /// <summary>Reader interest profiles for the "For you" feed, partitioned (and keyed) by user id: the feed reads one with a
    /// point read, and the activity handler updates it with an ETag-checked replace.</summary>
    public const string ReaderProfiles = "reader-profiles";

    /// <summary>
    /// Collections the code reads and writes only by key (point operations): never queried, never an outbox, no expiry of their
    /// own. In Cosmos DB they share one container (a database with shared throughput holds at most 25 containers), each
    /// collection's partition key values prefixed with its name so they can never meet. Both adapters refuse a query or a
    /// change-feed read on them, so a new query shows up in the fast tests, not after deploying: to query one, take it out
    /// of this list (and give it its own container in infra/main.bicep).
    /// </summary>
    public static IReadOnlySet<string> KeyedOnly { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        OutboxCheckpoints, Profiles, MediaHashes, Brands, Stock, BuyerHolds, Carts, StudioUsage, ContentAggregates,
        ReaderProfiles, Reporters, ErasedAccounts, AccountStandings, SearchLog, NotificationInboxes, UserNames,
    };

    /// <summary>Throws when <paramref name="collection"/> is in <see cref="KeyedOnly"/> (queries and change feeds).</summary>
    public static void EnsureQueryable(string collection)
    {
        if (KeyedOnly.Contains(collection))
        {
            throw new NotSupportedException(
                $"'{collection}' is read by key only (Collections.KeyedOnly) and shares a Cosmos DB container: it cannot be queried " +
                "or read as a change feed. Remove it from KeyedOnly and give it its own container in infra/main.bicep.");
        }
    }

    /// <summary>Erased accounts, partitioned (and keyed) by a hash of the user id: the token check on every request is a
    /// point read, and the record keeps no trace of the id itself.</summary>
    public const string ErasedAccounts = "erased-accounts";

    /// <summary>The moderation audit log (every decision: who, when, what, rule, reason), partitioned by the user the decision
    /// was about: an account's history is one partition. The moderators' log is a cross-partition query on <c>at</c>.</summary>
    public const string ModerationAudit = "moderation-audit";

    /// <summary>Strikes and restrictions, one document per account, partitioned (and keyed) by user id: the check on every
    /// new note or comment is a point read.</summary>
    public const string AccountStandings = "account-standings";

    /// <summary>The anonymous search log, one document per UTC hour, partitioned (and keyed) by that hour ("h2026120203"):
    /// trending reads the last day's hours with point reads, and the log deletes hours past their retention itself.</summary>
    public const string SearchLog = "search-log";

    /// <summary>Notifications, one document per (recipient, subject, kind), partitioned by recipient (a user id, or
    /// <c>brand~{brandId}</c> for a brand's inbox): the inbox is a single-partition query newest first, and a grouped
    /// notification ("12 people liked your note") is a point read and an ETag-checked replace of its deterministic id.</summary>
    public const string Notifications = "notifications";

    /// <summary>Per-inbox state (the unread count and the operations applied to it), partitioned (and keyed) by recipient:
    /// the unread-count poll is one point read.</summary>
    public const string NotificationInboxes = "notification-inboxes";

    /// <summary>The user directory for @mentions: one document per display-name key and per name prefix, partitioned (and
    /// keyed) by a hash of that key, so a lookup is one point read (see <c>UserDirectory</c>).</summary>
    public const string UserNames = "user-names";

    /// <summary>All collection names, for provisioning and the infrastructure parity test.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Notes, ProcessedMessages, OutboxCheckpoints,
        Counters, Likes, Collects, Boards, Follows, Comments, Profiles, ModerationCases, Reports, Reporters, Partnerships,
        Brands, Shops, Products, Stock, BuyerHolds, Carts, Orders, PaymentEvents,
        Media, MediaHashes,
        Suggestions, StudioUsage, ContentMetrics, ContentAggregates,
        ReaderProfiles, ErasedAccounts, ModerationAudit, AccountStandings, SearchLog,
        Notifications, NotificationInboxes, UserNames,
    ];
}
