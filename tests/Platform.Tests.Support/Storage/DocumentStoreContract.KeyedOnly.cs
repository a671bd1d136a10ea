using Platform.Core.Storage;

namespace Platform.Tests.Storage;

/// <summary>Collections read only by key (<see cref="Collections.KeyedOnly"/>): in Cosmos DB they share one container.</summary>
public abstract partial class DocumentStoreContract
{
    [Fact]
    public async Task Keyed_only_collections_keep_the_same_key_apart()
    {
        var id = NewId();
        await Store.CreateAsync(Collections.Profiles, "u1", id, new Sample("profile", 1, false), default);
        await Store.CreateAsync(Collections.Carts, "u1", id, new Sample("cart", 2, false), default);

        Assert.Equal("profile", (await Store.FindAsync<Sample>(Collections.Profiles, "u1", id, default))!.Value.Name);
        Assert.Equal("cart", (await Store.FindAsync<Sample>(Collections.Carts, "u1", id, default))!.Value.Name);
        Assert.True(await Store.DeleteAsync(Collections.Carts, "u1", id, null, default));
        Assert.NotNull(await Store.FindAsync<Sample>(Collections.Profiles, "u1", id, default));
    }

    [Fact]
    public async Task Keyed_only_collections_refuse_queries_and_change_feeds()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() =>
            Store.QueryAsync<Sample>(Collections.Stock, new DocumentQuery { Where = [new("name", "x")], OrderBy = "name" }, default));
        await Assert.ThrowsAsync<NotSupportedException>(() => Store.ReadChangesAsync<Sample>(Collections.Profiles, null, 10, default));
    }
}
