using System.Collections.Concurrent;
using Platform.Core.Storage;

namespace Platform.Tests.Storage;

/// <summary>The read-modify-write helper (<see cref="DocumentUpdates"/>) against each adapter's real ETag behaviour.</summary>
public abstract partial class DocumentStoreContract
{
    [Fact]
    public async Task Update_of_many_concurrent_writers_applies_each_exactly_once()
    {
        var id = NewId();
        await Store.CreateAsync(Collection, "p1", id, new Sample("counter", 0, false, Owner: ""), default);
        var calls = new ConcurrentBag<int>();

        await Task.WhenAll(Enumerable.Range(1, 12).Select(writer => Task.Run(() =>
            Store.UpdateAsync<Sample>(Collection, "p1", id, current =>
            {
                calls.Add(writer);
                return current! with { Rank = current.Rank + 1, Owner = current.Owner + $"[{writer}]" };
            }, maxAttempts: 100, default))));

        var stored = (await Store.FindAsync<Sample>(Collection, "p1", id, default))!.Value;
        Assert.Equal(12, stored.Rank);
        Assert.All(Enumerable.Range(1, 12), writer => Assert.Single(stored.Owner!.Split(']'), part => part == $"[{writer}"));
        Assert.True(calls.Count >= 12);
    }

    [Fact]
    public async Task Update_that_changes_nothing_skips_the_write()
    {
        var id = NewId();
        var etag = await Store.CreateAsync(Collection, "p1", id, new Sample("same", 1, true), default);

        var update = await Store.UpdateAsync<Sample>(Collection, "p1", id, _ => null, default);

        Assert.False(update.Changed);
        Assert.Equal(etag, update.Current!.ETag);
        Assert.Equal(etag, (await Store.FindAsync<Sample>(Collection, "p1", id, default))!.ETag);
    }

    [Fact]
    public async Task Update_writes_with_the_etag_it_read_and_returns_the_new_one()
    {
        var id = NewId();
        var etag = await Store.CreateAsync(Collection, "p1", id, new Sample("v1", 1, false), default);

        var update = await Store.UpdateAsync<Sample>(Collection, "p1", id, current => current! with { Name = "v2" }, default);

        Assert.Equal(etag, update.Before!.ETag);
        var stored = await Store.FindAsync<Sample>(Collection, "p1", id, default);
        Assert.Equal("v2", stored!.Value.Name);
        Assert.Equal(stored.ETag, update.Written!.ETag);
        Assert.NotEqual(etag, update.Written.ETag);
    }

    [Fact]
    public async Task Update_of_a_missing_document_creates_it_only_when_the_mutation_asks()
    {
        var declined = NewId();
        var created = NewId();

        var none = await Store.UpdateAsync<Sample>(Collection, "p1", declined, current => current, default);
        var made = await Store.UpdateAsync<Sample>(Collection, "p1", created, current => current ?? new Sample("new", 1, false), default);

        Assert.Null(none.Current);
        Assert.Null(await Store.FindAsync<Sample>(Collection, "p1", declined, default));
        Assert.Null(made.Before);
        Assert.Equal("new", (await Store.FindAsync<Sample>(Collection, "p1", created, default))!.Value.Name);
    }

    [Fact]
    public async Task Update_racing_a_delete_decides_again_on_the_missing_document()
    {
        var id = NewId();
        await Store.CreateAsync(Collection, "p1", id, new Sample("doomed", 1, false), default);
        var seen = new List<Sample?>();

        var update = await Store.UpdateAsync<Sample>(Collection, "p1", id, async (current, ct) =>
        {
            seen.Add(current);
            if (seen.Count == 1)
            {
                await Store.DeleteAsync(Collection, "p1", id, null, ct); // someone deletes it after our read
            }

            return current is null ? null : current with { Rank = 2 };
        }, default);

        Assert.Equal(2, seen.Count);
        Assert.Null(seen[1]);
        Assert.False(update.Changed);
        Assert.Null(await Store.FindAsync<Sample>(Collection, "p1", id, default));
    }

    [Fact]
    public async Task Update_that_loses_every_race_surfaces_the_conflict_after_its_attempts()
    {
        var id = NewId();
        await Store.CreateAsync(Collection, "p1", id, new Sample("hot", 0, false), default);
        var calls = 0;

        await Assert.ThrowsAsync<DocumentPreconditionFailedException>(() => Store.UpdateAsync<Sample>(Collection, "p1", id, async (current, ct) =>
        {
            calls++;
            await Store.UpsertAsync(Collection, "p1", id, current! with { Name = $"other {calls}" }, ct); // always someone faster
            return current with { Rank = 99 };
        }, maxAttempts: 3, default));

        Assert.Equal(3, calls);
        Assert.Equal(0, (await Store.FindAsync<Sample>(Collection, "p1", id, default))!.Value.Rank);
    }

    [Fact]
    public async Task Update_refused_by_the_mutation_writes_nothing()
    {
        var id = NewId();
        var etag = await Store.CreateAsync(Collection, "p1", id, new Sample("kept", 1, false), default);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Store.UpdateAsync<Sample>(Collection, "p1", id, _ => throw new InvalidOperationException("not allowed"), default));

        Assert.Equal(etag, (await Store.FindAsync<Sample>(Collection, "p1", id, default))!.ETag);
    }
}
