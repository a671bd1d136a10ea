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

    /// <summary>Stock, one document per SKU, partitioned by SKU id: every checkout's ETag-checked write touches exactly one
    /// SKU document, so contention (and Cosmos throughput) is spread per variant, not per product or shop.</summary>
    public const string Stock = "stock";

    /// <summary>Carts, partitioned (and keyed) by user id: one cart per user, always a point read.</summary>
    public const string Carts = "carts";

    /// <summary>Orders, partitioned by order id: the workflow (one Service Bus session per order) reads and writes one order at
    /// a time. A buyer's and a shop's orders are queries on <c>buyerId</c> and <c>shopId</c>.</summary>
    public const string Orders = "orders";

    /// <summary>Payment webhook event ids already accepted, partitioned (and keyed) by event id: the de-duplication check is a
    /// create that conflicts on a replay. Give the container a TTL longer than the replay window (e.g. 30 days).</summary>
    public const string PaymentEvents = "payment-events";

    /// <summary>All collection names, for provisioning and the infrastructure parity test.</summary>
    public static IReadOnlyList<string> All { get; } = [Notes, ProcessedMessages, OutboxCheckpoints, Brands, Shops, Products, Stock, Carts, Orders, PaymentEvents];
}
