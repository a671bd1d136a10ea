using System.Security.Cryptography;
using System.Text;
using Platform.Core.Search;
using Platform.Core.Storage;

namespace Platform.Core.Community;

/// <summary>A user as the directory lists them: what <c>@name</c> autocomplete shows and inserts.</summary>
public sealed record DirectoryEntry(string UserId, string DisplayName);

/// <summary>One page of <see cref="DirectoryEntry"/>s; pass <see cref="Continuation"/> back for the next.</summary>
public sealed record DirectoryPage(IReadOnlyList<DirectoryEntry> Items, string? Continuation);

/// <summary>
/// Finds users by display name, for <c>@mentions</c> and their autocomplete, with point reads only (collection
/// <see cref="Collections.UserNames"/>, keyed-only): one document per exact name key and one per name prefix (up to
/// <see cref="MaxPrefixLength"/> characters), each listing at most <see cref="MaxEntries"/> users, most recently named first.
/// A profile write maintains them (a rename leaves the old name's documents). Users appear once they set a profile;
/// until then their name is their id and nobody can find them by it.
/// </summary>
public sealed class UserDirectory(IDocumentStore store, TimeProvider clock)
{
    public const int MaxPrefixLength = 10;
    public const int MaxEntries = 50;

    /// <summary>
    /// The key a name is found by: folded (full-width, Traditional → Simplified), lower-cased, without white space, so
    /// <c>@ZoeQuartz</c> finds "Zoe Quartz" (clients insert the key's spelling: the name without spaces).
    /// </summary>
    public static string KeyOf(string name) =>
        new string(TextNormalization.Normalize(name.Normalize(NormalizationForm.FormKC)).Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();

    /// <summary>Records that <paramref name="userId"/> is called <paramref name="displayName"/> (and no longer <paramref name="previousName"/>).</summary>
    public async Task SetAsync(string userId, string? previousName, string displayName, CancellationToken cancellationToken)
    {
        var entry = new DirectoryEntry(userId, displayName);
        var key = KeyOf(displayName);
        if (previousName is not null && KeyOf(previousName) is var oldKey && oldKey != key)
        {
            await RemoveAsync(userId, previousName, cancellationToken);
        }

        foreach (var documentKey in DocumentKeys(key))
        {
            await ChangeAsync(documentKey, list => [entry, .. list.Where(e => e.UserId != userId).Take(MaxEntries - 1)], cancellationToken);
        }
    }

    /// <summary>Takes <paramref name="userId"/> out of the documents of <paramref name="displayName"/> (erasure, renames).</summary>
    public async Task RemoveAsync(string userId, string displayName, CancellationToken cancellationToken)
    {
        foreach (var documentKey in DocumentKeys(KeyOf(displayName)))
        {
            await ChangeAsync(documentKey, list => list.Any(e => e.UserId == userId) ? list.Where(e => e.UserId != userId).ToList() : null, cancellationToken);
        }
    }

    /// <summary>The users whose name key is exactly <paramref name="name"/>'s.</summary>
    public async Task<IReadOnlyList<DirectoryEntry>> FindExactAsync(string name, CancellationToken cancellationToken)
    {
        var key = KeyOf(name);
        return key.Length == 0 ? [] : await ReadAsync("n:" + key, cancellationToken);
    }

    /// <summary>Users whose name key starts with <paramref name="prefix"/>'s, a page at a time.</summary>
    public async Task<DirectoryPage> SearchAsync(string prefix, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var key = KeyOf(prefix);
        if (key.Length == 0)
        {
            return new DirectoryPage([], null);
        }

        var offset = 0;
        if (continuation is not null && (!int.TryParse(continuation, out offset) || offset < 0 || offset > MaxEntries))
        {
            throw Common.PlatformException.Invalid("continuation", "request.invalid_continuation", "The continuation token is not valid.");
        }

        var listed = await ReadAsync("p:" + key[..Math.Min(key.Length, MaxPrefixLength)], cancellationToken);
        // Past the indexed prefix length, the list of the first characters is narrowed by the full key.
        var matching = key.Length > MaxPrefixLength ? listed.Where(e => KeyOf(e.DisplayName).StartsWith(key, StringComparison.Ordinal)).ToList() : listed;
        var page = matching.Skip(offset).Take(pageSize).ToList();
        var next = offset + page.Count;
        return new DirectoryPage(page, next < matching.Count ? next.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    private static IEnumerable<string> DocumentKeys(string key)
    {
        if (key.Length == 0)
        {
            yield break;
        }

        yield return "n:" + key;
        var info = new System.Globalization.StringInfo(key);
        for (var i = 1; i <= Math.Min(info.LengthInTextElements, MaxPrefixLength); i++)
        {
            var prefix = info.SubstringByTextElements(0, i);
            // Keys are at most MaxPrefixLength UTF-16 units so a lookup can cut a prefix the same way.
            if (prefix.Length <= MaxPrefixLength)
            {
                yield return "p:" + prefix;
            }
        }
    }

    private async Task<IReadOnlyList<DirectoryEntry>> ReadAsync(string documentKey, CancellationToken cancellationToken)
    {
        var id = IdOf(documentKey);
        return (await store.FindAsync<NameDocument>(Collections.UserNames, id, id, cancellationToken))?.Value.Entries ?? [];
    }

    private async Task ChangeAsync(string documentKey, Func<IReadOnlyList<DirectoryEntry>, IReadOnlyList<DirectoryEntry>?> change, CancellationToken cancellationToken)
    {
        var id = IdOf(documentKey);
        await store.UpdateAsync<NameDocument>(Collections.UserNames, id, id, current =>
            change(current?.Entries ?? []) is { } entries ? new NameDocument(entries, clock.GetUtcNow()) : null,
            DocumentUpdates.UntilWritten, cancellationToken);
    }

    // Names may hold any character; document ids may not (Cosmos DB refuses '/', '\', '?', '#'), so the key is hashed.
    private static string IdOf(string documentKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("user-name/" + documentKey)))[..40];

    private sealed record NameDocument(IReadOnlyList<DirectoryEntry> Entries, DateTimeOffset UpdatedAt);
}
