using Platform.Core.Storage;

namespace Platform.Tests.Storage;

/// <summary>What every <see cref="IDocumentStore"/> adapter must do for filtered, ordered, paged queries.</summary>
public abstract class DocumentQueryContract
{
    private const string Collection = Collections.Notes;

    protected abstract IDocumentStore Store { get; }

    [Fact]
    public async Task Pages_through_every_match_in_order_exactly_once()
    {
        var owner = Guid.NewGuid().ToString("N");
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var id = $"{owner}-{i}";
            created.Add(id);
            // Two documents share each timestamp, so ties must be broken by id without skipping or repeating.
            await Store.CreateAsync(Collection, id, id, new Doc(owner, $"2026-01-0{1 + (i / 2)}T00:00:00+00:00", i % 3 == 0, null), default);
        }

        await Store.CreateAsync(Collection, "other", "other-" + owner, new Doc("someone-else", "2026-01-09T00:00:00+00:00", true, null), default);

        var seen = new List<string>();
        var times = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await Store.QueryAsync<Doc>(Collection, new DocumentQuery
            {
                Where = [new("owner", owner)],
                OrderBy = "createdAt",
                Descending = true,
                Limit = 3,
                Continuation = continuation,
            }, default);
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(d => d.Value.Id));
            times.AddRange(page.Items.Select(d => d.Value.CreatedAt));
            continuation = page.Continuation;
            pages++;
        }
        while (continuation is not null && pages < 10);

        Assert.Equal(created.Order(), seen.Order());
        Assert.Equal(times.OrderByDescending(t => t, StringComparer.Ordinal), times);
    }

    [Fact]
    public async Task Filters_on_booleans_and_on_missing_values()
    {
        var owner = Guid.NewGuid().ToString("N");
        await Store.CreateAsync(Collection, owner + "a", owner + "a", new Doc(owner, "2026-01-01T00:00:00+00:00", true, null), default);
        await Store.CreateAsync(Collection, owner + "b", owner + "b", new Doc(owner, "2026-01-02T00:00:00+00:00", false, null), default);
        await Store.CreateAsync(Collection, owner + "c", owner + "c", new Doc(owner, "2026-01-03T00:00:00+00:00", true, "2026-02-01"), default);

        var flagged = await Query([new("owner", owner), new("flag", true)]);
        var live = await Query([new("owner", owner), new("deletedAt", null)]);

        Assert.Equal([owner + "c", owner + "a"], flagged.Items.Select(d => d.Value.Id).ToList());
        Assert.Equal([owner + "b", owner + "a"], live.Items.Select(d => d.Value.Id).ToList());
    }

    [Fact]
    public async Task A_partition_scoped_query_sees_only_that_partition()
    {
        var owner = Guid.NewGuid().ToString("N");
        await Store.CreateAsync(Collection, "p-" + owner, owner + "1", new Doc(owner, "2026-01-01T00:00:00+00:00", true, null), default);
        await Store.CreateAsync(Collection, "q-" + owner, owner + "2", new Doc(owner, "2026-01-02T00:00:00+00:00", true, null), default);

        var page = await Store.QueryAsync<Doc>(Collection,
            new DocumentQuery { PartitionKey = "p-" + owner, Where = [new("owner", owner)], OrderBy = "createdAt" }, default);

        Assert.Equal([owner + "1"], page.Items.Select(d => d.Value.Id).ToList());
    }

    [Fact]
    public async Task A_forged_continuation_is_refused()
    {
        await Assert.ThrowsAsync<InvalidContinuationException>(() => Store.QueryAsync<Doc>(Collection,
            new DocumentQuery { OrderBy = "createdAt", Continuation = "not-a-token!" }, default));
    }

    private Task<DocumentPage<Doc>> Query(IReadOnlyList<FieldEquals> where) =>
        Store.QueryAsync<Doc>(Collection, new DocumentQuery { Where = where, OrderBy = "createdAt", Descending = true }, default);

    private sealed record Doc(string Owner, string CreatedAt, bool Flag, string? DeletedAt)
    {
        public string Id { get; init; } = "";
    }
}
