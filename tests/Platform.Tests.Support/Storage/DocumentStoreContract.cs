using Platform.Core.Storage;

namespace Platform.Tests.Storage;

/// <summary>What every <see cref="IDocumentStore"/> adapter must do for point reads and writes.</summary>
public abstract partial class DocumentStoreContract
{
    protected const string Collection = Collections.Notes;

    protected abstract IDocumentStore Store { get; }

    protected static string NewId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Created_document_reads_back_with_its_etag()
    {
        var id = NewId();
        var etag = await Store.CreateAsync(Collection, "p1", id, new Sample("夏天防晒", 3, true), default);

        var found = await Store.FindAsync<Sample>(Collection, "p1", id, default);

        Assert.NotNull(found);
        Assert.Equal(new Sample("夏天防晒", 3, true), found.Value);
        Assert.Equal(etag, found.ETag);
    }

    [Fact]
    public async Task Missing_document_is_null_not_an_error()
    {
        Assert.Null(await Store.FindAsync<Sample>(Collection, "p1", NewId(), default));
    }

    [Fact]
    public async Task Same_id_in_another_partition_is_another_document()
    {
        var id = NewId();
        await Store.CreateAsync(Collection, "a", id, new Sample("a", 1, false), default);

        Assert.Null(await Store.FindAsync<Sample>(Collection, "b", id, default));
        await Store.CreateAsync(Collection, "b", id, new Sample("b", 2, false), default);
        Assert.Equal("a", (await Store.FindAsync<Sample>(Collection, "a", id, default))!.Value.Name);
    }

    [Fact]
    public async Task Creating_an_existing_id_is_a_conflict()
    {
        var id = NewId();
        await Store.CreateAsync(Collection, "p1", id, new Sample("first", 1, false), default);

        await Assert.ThrowsAsync<DocumentConflictException>(() => Store.CreateAsync(Collection, "p1", id, new Sample("second", 2, false), default));
        Assert.Equal("first", (await Store.FindAsync<Sample>(Collection, "p1", id, default))!.Value.Name);
    }

    [Fact]
    public async Task Replace_with_the_current_etag_succeeds_and_changes_the_etag()
    {
        var id = NewId();
        var etag = await Store.CreateAsync(Collection, "p1", id, new Sample("v1", 1, false), default);

        var next = await Store.ReplaceAsync(Collection, "p1", id, new Sample("v2", 2, false), etag, default);

        Assert.NotEqual(etag, next);
        var found = await Store.FindAsync<Sample>(Collection, "p1", id, default);
        Assert.Equal(("v2", next), (found!.Value.Name, found.ETag));
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_fails_and_keeps_the_newer_write()
    {
        var id = NewId();
        var stale = await Store.CreateAsync(Collection, "p1", id, new Sample("v1", 1, false), default);
        await Store.ReplaceAsync(Collection, "p1", id, new Sample("v2", 2, false), stale, default);

        await Assert.ThrowsAsync<DocumentPreconditionFailedException>(
            () => Store.ReplaceAsync(Collection, "p1", id, new Sample("lost update", 3, false), stale, default));
        Assert.Equal("v2", (await Store.FindAsync<Sample>(Collection, "p1", id, default))!.Value.Name);
    }

    [Fact]
    public async Task Replace_of_a_missing_document_says_it_is_missing()
    {
        await Assert.ThrowsAsync<DocumentMissingException>(
            () => Store.ReplaceAsync(Collection, "p1", NewId(), new Sample("x", 1, false), "00000000", default));
    }

    [Fact]
    public async Task Of_many_concurrent_replaces_with_one_etag_exactly_one_wins()
    {
        var id = NewId();
        var etag = await Store.CreateAsync(Collection, "p1", id, new Sample("start", 0, false), default);

        var attempts = await Task.WhenAll(Enumerable.Range(1, 16).Select(async i =>
        {
            try
            {
                await Store.ReplaceAsync(Collection, "p1", id, new Sample("writer", i, false), etag, default);
                return true;
            }
            catch (DocumentPreconditionFailedException)
            {
                return false;
            }
        }));

        Assert.Equal(1, attempts.Count(won => won));
    }

    [Fact]
    public async Task Upsert_creates_then_overwrites()
    {
        var id = NewId();
        var first = await Store.UpsertAsync(Collection, "p1", id, new Sample("v1", 1, false), default);
        var second = await Store.UpsertAsync(Collection, "p1", id, new Sample("v2", 2, false), default);

        Assert.NotEqual(first, second);
        Assert.Equal("v2", (await Store.FindAsync<Sample>(Collection, "p1", id, default))!.Value.Name);
    }

    [Fact]
    public async Task Delete_removes_and_reports_whether_there_was_a_document()
    {
        var id = NewId();
        await Store.CreateAsync(Collection, "p1", id, new Sample("v1", 1, false), default);

        Assert.True(await Store.DeleteAsync(Collection, "p1", id, null, default));
        Assert.Null(await Store.FindAsync<Sample>(Collection, "p1", id, default));
        Assert.False(await Store.DeleteAsync(Collection, "p1", id, null, default));
    }

    [Fact]
    public async Task Delete_with_a_stale_etag_fails_and_keeps_the_document()
    {
        var id = NewId();
        var stale = await Store.CreateAsync(Collection, "p1", id, new Sample("v1", 1, false), default);
        await Store.UpsertAsync(Collection, "p1", id, new Sample("v2", 2, false), default);

        await Assert.ThrowsAsync<DocumentPreconditionFailedException>(() => Store.DeleteAsync(Collection, "p1", id, stale, default));
        Assert.NotNull(await Store.FindAsync<Sample>(Collection, "p1", id, default));
    }

    protected sealed record Sample(string Name, int Rank, bool Flag, string? Owner = null, string? CreatedAt = null);
}
