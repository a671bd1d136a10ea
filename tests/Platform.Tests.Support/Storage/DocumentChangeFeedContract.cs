using Platform.Core.Storage;

namespace Platform.Tests.Storage;

/// <summary>
/// What every <see cref="IDocumentStore"/> adapter's change feed must do for the outbox relay: each changed document once,
/// in its latest version, with the ETag to write it back, resumable from a checkpoint. Other tests write to the same
/// collection at the same time, so assertions look only at this test's own documents.
/// </summary>
public abstract class DocumentChangeFeedContract
{
    private const string Collection = Collections.Notes;

    protected abstract IDocumentStore Store { get; }

    [Fact]
    public async Task Each_changed_document_appears_once_in_its_latest_version_with_its_etag()
    {
        var start = await DrainAsync(null);
        var (a, b) = (NewId(), NewId());
        var first = await Store.CreateAsync(Collection, a, a, new Doc("a1"), default);
        await Store.CreateAsync(Collection, b, b, new Doc("b1"), default);
        var latest = await Store.ReplaceAsync(Collection, a, a, new Doc("a2"), first, default);

        var (changes, _) = await ReadAllAsync(start);
        var mine = changes.Where(c => c.Id == a || c.Id == b).ToList();

        Assert.Equal(2, mine.Count);
        var changedA = Assert.Single(mine, c => c.Id == a);
        Assert.Equal(("a2", a, latest), (changedA.Value.Name, changedA.PartitionKey, changedA.ETag));
        Assert.Equal("b1", Assert.Single(mine, c => c.Id == b).Value.Name);

        // The ETag is good for a conditional write, as the relay's clearing replace needs.
        await Store.ReplaceAsync(Collection, a, a, new Doc("a3"), changedA.ETag, default);
    }

    [Fact]
    public async Task Reading_on_from_a_checkpoint_sees_only_later_changes()
    {
        var before = NewId();
        await Store.CreateAsync(Collection, before, before, new Doc("before"), default);
        var checkpoint = await DrainAsync(null);
        var after = NewId();
        await Store.UpsertAsync(Collection, after, after, new Doc("after"), default);

        var (changes, next) = await ReadAllAsync(checkpoint);

        Assert.Contains(changes, c => c.Id == after);
        Assert.DoesNotContain(changes, c => c.Id == before);
        Assert.DoesNotContain((await ReadAllAsync(next)).Changes, c => c.Id == after);
    }

    [Fact]
    public async Task A_write_after_the_newest_document_was_deleted_is_still_seen()
    {
        var gone = NewId();
        await Store.CreateAsync(Collection, gone, gone, new Doc("short-lived"), default);
        var checkpoint = await DrainAsync(null);
        await Store.DeleteAsync(Collection, gone, gone, null, default);
        var next = NewId();
        await Store.CreateAsync(Collection, next, next, new Doc("next"), default);

        Assert.Contains((await ReadAllAsync(checkpoint)).Changes, c => c.Id == next);
    }

    [Fact]
    public async Task Pages_are_at_most_the_size_asked_and_together_hold_every_change()
    {
        var checkpoint = await DrainAsync(null);
        var ids = Enumerable.Range(0, 5).Select(_ => NewId()).ToList();
        foreach (var id in ids)
        {
            await Store.CreateAsync(Collection, id, id, new Doc(id), default);
        }

        var seen = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            var page = await Store.ReadChangesAsync<Doc>(Collection, checkpoint, 2, default);
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(c => c.Id));
            checkpoint = page.Checkpoint;
            if (page.Items.Count == 0)
            {
                break;
            }
        }

        Assert.Equal(ids.Order(), seen.Where(ids.Contains).Order());
    }

    private async Task<string?> DrainAsync(string? checkpoint) => (await ReadAllAsync(checkpoint)).Checkpoint;

    private async Task<(List<DocumentChange<Doc>> Changes, string? Checkpoint)> ReadAllAsync(string? checkpoint)
    {
        var changes = new List<DocumentChange<Doc>>();
        for (var i = 0; i < 1000; i++)
        {
            var page = await Store.ReadChangesAsync<Doc>(Collection, checkpoint, 500, default);
            changes.AddRange(page.Items);
            checkpoint = page.Checkpoint;
            if (page.Items.Count == 0)
            {
                break;
            }
        }

        return (changes, checkpoint);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private sealed record Doc(string Name);
}
