using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using System.Text;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Identity;

/// <summary>
/// Remembers erased accounts so that their tokens stop working at once instead of at expiry: every authenticated write
/// makes one point read here; reads reuse this instance's last answer for <see cref="AuthOptions.ErasureCheckCacheTime"/> (an
/// erasure on another instance is seen there within that time; on this instance at once). The record is keyed by a hash of the user id, never the id itself, so erasure leaves no
/// trace of the id behind. A token issued after the erasure (the same person signing up again) is accepted.
/// </summary>
public sealed class ErasedAccounts(IDocumentStore store, TimeProvider clock, IOptions<AuthOptions> options)
{
    // The last answer per account key: when it was erased (null: not erased) and until when the answer may be reused.
    private readonly ConcurrentDictionary<string, (DateTimeOffset? ErasedAt, DateTimeOffset Until)> _recent = new(StringComparer.Ordinal);
    private const int MaxRemembered = 50_000;

    /// <summary>What erased data says instead of the user's id where a record must stay (orders, audit entries).</summary>
    public const string Placeholder = "erased-user";

    public async Task MarkAsync(string userId, CancellationToken cancellationToken)
    {
        var key = KeyFor(userId);
        // A retried erasure keeps the first time: tokens issued between two attempts were issued to an erased account.
        var marked = await store.UpdateAsync<ErasedAccount>(Collections.ErasedAccounts, key, key,
            current => current ?? new ErasedAccount(clock.GetUtcNow()), DocumentUpdates.UntilWritten, cancellationToken);
        // Remembered for good on this instance, so a read that found the account active just before cannot cache that after.
        _recent[key] = (marked.Current?.Value.ErasedAt ?? clock.GetUtcNow(), DateTimeOffset.MaxValue);
    }

    /// <summary>
    /// Throws 401 <c>auth.account_erased</c> when <paramref name="caller"/>'s account was erased after the token was issued.
    /// With <paramref name="forRead"/>, an answer this instance got within <see cref="AuthOptions.ErasureCheckCacheTime"/> is
    /// reused; otherwise (writes) the store is read.
    /// </summary>
    public async Task EnsureActiveAsync(Caller caller, CancellationToken cancellationToken, bool forRead = false)
    {
        var key = KeyFor(caller.UserId);
        var now = clock.GetUtcNow();
        DateTimeOffset? erasedAt;
        if (forRead && _recent.TryGetValue(key, out var recent) && now < recent.Until)
        {
            erasedAt = recent.ErasedAt;
        }
        else
        {
            erasedAt = (await store.FindAsync<ErasedAccount>(Collections.ErasedAccounts, key, key, cancellationToken))?.Value.ErasedAt;
            var cacheTime = options.Value.ErasureCheckCacheTime;
            if (cacheTime > TimeSpan.Zero)
            {
                if (_recent.Count >= MaxRemembered)
                {
                    _recent.Clear();
                }

                // An erasure this instance made while the store was read wins over what the read found.
                _recent.AddOrUpdate(key, (erasedAt, now + cacheTime), (_, known) => known.ErasedAt is not null ? known : (erasedAt, now + cacheTime));
            }
        }

        if (erasedAt is { } erased && (caller.IssuedAt is not { } issued || issued <= erased))
        {
            throw PlatformException.Unauthorized("auth.account_erased", "This account was deleted.");
        }
    }

    /// <summary>
    /// Whether <paramref name="userId"/>'s account was erased at or after <paramref name="asOf"/> (one point read): what it did
    /// before its erasure produces nothing any more. Someone who signs up again under the id later acts afresh.
    /// </summary>
    public async Task<bool> WasErasedAfterAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        if (userId == Placeholder)
        {
            return true;
        }

        var key = KeyFor(userId);
        return await store.FindAsync<ErasedAccount>(Collections.ErasedAccounts, key, key, cancellationToken) is { } erased
            && erased.Value.ErasedAt >= asOf;
    }

    public static string KeyFor(string userId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("erased-account/" + userId)));

    private sealed record ErasedAccount(DateTimeOffset ErasedAt);
}
