using Microsoft.Extensions.Logging;
using Platform.Core.Storage;

namespace Platform.Core.Community;

/// <summary>
/// Applies counter changes a crash left pending on their facts (see <see cref="ICounted{TSelf}"/>). Run on a timer: a Functions
/// timer trigger in Azure, a background service in the embedded host. Safe to run at any time and concurrently with
/// writes, because applying an operation twice counts once.
/// </summary>
public sealed class CounterSweeper(IDocumentStore store, CounterStore counters, ILogger<CounterSweeper> logger)
{
    /// <summary>Settles every fact with pending counter changes; returns how many it settled.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var settled = 0;
        settled += await SweepAsync<Like>(Collections.Likes, "changedAt", l => (l.NoteId, l.UserId), l => !l.Active, cancellationToken);
        settled += await SweepAsync<Collect>(Collections.Collects, "collectedAt", c => (c.UserId, c.NoteId), c => !c.Active, cancellationToken);
        settled += await SweepAsync<Follow>(Collections.Follows, "followedAt", f => (f.FollowerId, f.FolloweeId), f => !f.Active, cancellationToken);
        settled += await SweepAsync<Comment>(Collections.Comments, "updatedAt", c => (c.NoteId, c.Id), _ => false, cancellationToken);
        if (settled > 0)
        {
            logger.LogInformation("Settled {Count} facts with pending counter changes", settled);
        }

        return settled;
    }

    private async Task<int> SweepAsync<T>(
        string collection, string orderBy, Func<T, (string Pk, string Id)> address, Func<T, bool> isTombstone, CancellationToken cancellationToken)
        where T : class, ICounted<T>
    {
        var pending = await Paging.AllAsync<T>(store, collection,
            new DocumentQuery { Where = [new("hasPendingCounts", true)], OrderBy = orderBy }, cancellationToken);
        foreach (var fact in pending)
        {
            var (pk, id) = address(fact.Value);
            await counters.SettleAsync(collection, pk, id, fact, isTombstone, cancellationToken);
        }

        return pending.Count;
    }
}
