using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Core.Storage;

namespace Platform.Core.Commerce;

/// <summary>
/// A buyer's cart and orders in export and erasure. The cart (and the unpaid-hold record) goes; orders stay for the shop's accounting and tax records,
/// with the buyer, the recipient, the street address and anything the buyer wrote replaced (country and region are kept:
/// they decide tax and shipping figures).
/// </summary>
public sealed class CommercePersonalData(IDocumentStore store) : IPersonalDataParticipant
{
    /// <inheritdoc/>
    public string Section => "commerce";

    /// <inheritdoc/>
    public async Task<object?> ExportAsync(string userId, CancellationToken cancellationToken)
    {
        var cart = (await store.FindAsync<Cart>(Collections.Carts, userId, userId, cancellationToken))?.Value;
        var orders = await BuyerOrdersAsync(userId, cancellationToken);
        return new CommerceExport(cart, orders.Select(o => o.Value.WithoutPendingEvents()).ToList());
    }

    /// <inheritdoc/>
    public async Task EraseAsync(string userId, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(Collections.Carts, userId, userId, null, cancellationToken);
        await store.DeleteAsync(Collections.BuyerHolds, userId, userId, null, cancellationToken);
        foreach (var order in await BuyerOrdersAsync(userId, cancellationToken))
        {
            await store.UpdateAsync<Order>(Collections.Orders, order.Value.Id, order.Value.Id,
                current => current?.BuyerId == userId ? Anonymise(current, userId) : null, DocumentUpdates.UntilWritten, cancellationToken);
        }
    }

    /// <summary>The order as accounting keeps it: amounts, lines, dates and states, but nobody's name, phone or street.</summary>
    public static Order Anonymise(Order order, string userId)
    {
        var address = order.ShippingAddress;
        Actor Strip(Actor actor) => actor.Id == userId ? actor with { Id = ErasedAccounts.Placeholder } : actor;
        return order with
        {
            BuyerId = ErasedAccounts.Placeholder,
            ShippingAddress = new ShippingAddress(null, null, null, null, null, address.Region, null, address.Country),
            History = order.History.Select(t => t with { Actor = Strip(t.Actor) }).ToList(),
            Refusals = order.Refusals.Select(r => r with { Actor = Strip(r.Actor) }).ToList(),
            Refund = order.Refund is { } refund ? refund with { Reason = "" } : null,
        };
    }

    private Task<List<StoredDocument<Order>>> BuyerOrdersAsync(string userId, CancellationToken cancellationToken) =>
        Paging.AllAsync<Order>(store, Collections.Orders, new DocumentQuery { Where = [new("buyerId", userId)], OrderBy = "createdAt" }, cancellationToken);
}

/// <summary>The commerce section of an account export.</summary>
public sealed record CommerceExport(Cart? Cart, IReadOnlyList<Order> Orders);
