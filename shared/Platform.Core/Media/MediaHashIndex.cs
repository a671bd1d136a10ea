using System.Globalization;
using Platform.Core.Storage;

namespace Platform.Core.Media;

/// <summary>
/// Finds earlier uploads of the same picture by perceptual hash. The 64-bit hash is split into four 16-bit bands and
/// each band value is a document listing the media that have it; two hashes at most 3 bits apart share at least one
/// band (pigeonhole), so four point reads find every candidate without a query.
/// </summary>
public sealed class MediaHashIndex(IDocumentStore store)
{
    // Enough to remember the originals of a picture; later copies of a viral image add nothing.
    private const int MaxEntriesPerBand = 64;
    private const int MaxAttempts = 8;

    /// <summary>
    /// The first upload of this picture (within <paramref name="maxDistance"/> bits) if someone other than
    /// <paramref name="ownerId"/> made it before <paramref name="mediaId"/>; null when the picture is new or the owner's own.
    /// </summary>
    public async Task<string?> FindOriginalByOtherOwnerAsync(ulong hash, string mediaId, string ownerId, int maxDistance, CancellationToken cancellationToken)
    {
        HashEntry? first = null;
        foreach (var band in Bands(hash))
        {
            var found = await store.FindAsync<HashBand>(Collections.MediaHashes, band, band, cancellationToken);
            foreach (var entry in found?.Value.Entries ?? [])
            {
                // Ids are time-ordered, so an ordinal comparison says which upload came first.
                if (string.CompareOrdinal(entry.MediaId, mediaId) < 0
                    && ImagePipeline.Distance(hash, ulong.Parse(entry.Hash, NumberStyles.HexNumber, CultureInfo.InvariantCulture)) <= maxDistance
                    && (first is null || string.CompareOrdinal(entry.MediaId, first.MediaId) < 0))
                {
                    first = entry;
                }
            }
        }

        return first is not null && first.OwnerId != ownerId ? first.MediaId : null;
    }

    /// <summary>Records <paramref name="mediaId"/> under each band of its hash; adding it again changes nothing.</summary>
    public async Task AddAsync(ulong hash, string mediaId, string ownerId, CancellationToken cancellationToken)
    {
        var entry = new HashEntry(mediaId, ownerId, Hex(hash));
        foreach (var band in Bands(hash))
        {
            // Another upload changing this band at the same moment: the entry is added to what it wrote.
            await store.UpdateAsync<HashBand>(Collections.MediaHashes, band, band, found =>
                found is null ? new HashBand([entry])
                : found.Entries.All(e => e.MediaId != mediaId) && found.Entries.Count < MaxEntriesPerBand ? new HashBand([.. found.Entries, entry])
                : null, MaxAttempts, cancellationToken);
        }
    }

    /// <summary>Forgets <paramref name="mediaId"/> (its owner's account was erased); removing it again changes nothing.</summary>
    public async Task RemoveAsync(ulong hash, string mediaId, CancellationToken cancellationToken)
    {
        foreach (var band in Bands(hash))
        {
            var update = await store.UpdateAsync<HashBand>(Collections.MediaHashes, band, band, found =>
                found is not null && found.Entries.Any(e => e.MediaId == mediaId) ? new HashBand([.. found.Entries.Where(e => e.MediaId != mediaId)]) : null,
                MaxAttempts, cancellationToken);
            if (update.Written is { Value.Entries.Count: 0 } empty)
            {
                await store.DeleteAsync(Collections.MediaHashes, band, band, empty.ETag, cancellationToken);
            }
        }
    }

    public static string Hex(ulong hash) => hash.ToString("x16", CultureInfo.InvariantCulture);

    internal static IEnumerable<string> Bands(ulong hash) =>
        Enumerable.Range(0, 4).Select(i => string.Create(CultureInfo.InvariantCulture, $"b{i}-{(hash >> (48 - (16 * i))) & 0xFFFF:x4}"));

    internal sealed record HashBand(IReadOnlyList<HashEntry> Entries);

    internal sealed record HashEntry(string MediaId, string OwnerId, string Hash);
}
