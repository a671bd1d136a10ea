using System.Globalization;
using Platform.Core.Media;
using Platform.Core.Storage;

namespace Platform.Core.Integrity;

/// <summary>One image of content a moderator rejected: which case, when, and the image's perceptual hash.</summary>
public sealed record RejectedImage(string MediaId, string Hash, string CaseId, DateTimeOffset DecidedAt);

/// <summary>
/// Perceptual hashes of images in content a moderator rejected, so the same picture posted again (re-encoded, resized,
/// by another account) is held with a pointer to that decision. Stored like <see cref="MediaHashIndex"/>: the 64-bit hash
/// in four 16-bit bands, one document per band value (ids "r0-…" in the media hashes collection), so a lookup within 3
/// bits is four point reads.
/// </summary>
public sealed class RejectedImages(IDocumentStore store)
{
    // A spammer's picture is rejected again and again; the first few decisions are enough to point at.
    private const int MaxEntriesPerBand = 64;
    private const int MaxAttempts = 8;

    /// <summary>Remembers <paramref name="image"/> (adding the same media for the same case again changes nothing).</summary>
    public async Task AddAsync(RejectedImage image, CancellationToken cancellationToken)
    {
        var hash = ulong.Parse(image.Hash, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        foreach (var band in Bands(hash))
        {
            await store.UpdateAsync<RejectedBand>(Collections.MediaHashes, band, band, found =>
                found is null ? new RejectedBand([image])
                : found.Entries.All(e => (e.MediaId, e.CaseId) != (image.MediaId, image.CaseId)) && found.Entries.Count < MaxEntriesPerBand
                    ? new RejectedBand([.. found.Entries, image])
                : null, MaxAttempts, cancellationToken);
        }
    }

    /// <summary>The earliest rejected image within <paramref name="maxDistance"/> bits of <paramref name="hash"/>, or null.</summary>
    public async Task<RejectedImage?> FindAsync(ulong hash, int maxDistance, CancellationToken cancellationToken)
    {
        RejectedImage? first = null;
        foreach (var band in Bands(hash))
        {
            var found = await store.FindAsync<RejectedBand>(Collections.MediaHashes, band, band, cancellationToken);
            foreach (var entry in found?.Value.Entries ?? [])
            {
                if (ImagePipeline.Distance(hash, ulong.Parse(entry.Hash, NumberStyles.HexNumber, CultureInfo.InvariantCulture)) <= maxDistance
                    && (first is null || entry.DecidedAt < first.DecidedAt))
                {
                    first = entry;
                }
            }
        }

        return first;
    }

    private static IEnumerable<string> Bands(ulong hash) => MediaHashIndex.Bands(hash).Select(b => "r" + b[1..]);

    internal sealed record RejectedBand(IReadOnlyList<RejectedImage> Entries);
}
