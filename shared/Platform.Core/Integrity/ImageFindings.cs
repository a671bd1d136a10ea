using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Core.Media;
using Platform.Core.Storage;

namespace Platform.Core.Integrity;

/// <summary>
/// What the rules see in a note's images: QR codes and barcodes found when the image was processed, and pictures within
/// the perceptual-hash threshold (<see cref="MediaOptions.DuplicateMaxDistance"/>) of one in content a moderator rejected.
/// Both hold the note for review; each finding names the image (<see cref="IntegrityFinding.MediaId"/>) and the code's
/// region or the earlier decision (<see cref="IntegrityFinding.RelatedCaseId"/>).
/// </summary>
public sealed class ImageFindings(IDocumentStore documents, RejectedImages rejected, IOptions<MediaOptions> options)
{
    /// <summary>The field image findings name (their start and length are 0: they point at an image, not at text).</summary>
    public const string Field = "media";

    public async Task<IReadOnlyList<IntegrityFinding>> EvaluateAsync(IReadOnlyList<string> mediaIds, CancellationToken cancellationToken)
    {
        var findings = new List<IntegrityFinding>();
        foreach (var media in await ReadyImagesAsync(mediaIds, cancellationToken))
        {
            foreach (var code in media.Codes)
            {
                var r = code.Region;
                findings.Add(new IntegrityFinding(IntegrityRules.ImageCode, IntegrityOutcome.Hold, Field, 0, 0, code.Text,
                    $"Image {media.Id} carries a {code.Format} at x {r.X}, y {r.Y} ({r.Width}x{r.Height} pixels), which can lead off the platform.",
                    MediaId: media.Id, Region: r));
            }

            if (Hash(media) is { } hash && await rejected.FindAsync(hash, options.Value.DuplicateMaxDistance, cancellationToken) is { } earlier)
            {
                findings.Add(new IntegrityFinding(IntegrityRules.RejectedImage, IntegrityOutcome.Hold, Field, 0, 0, earlier.MediaId,
                    $"Image {media.Id} looks like image {earlier.MediaId}, which a moderator rejected on {earlier.DecidedAt:yyyy-MM-dd} (case {earlier.CaseId}).",
                    MediaId: media.Id, RelatedCaseId: earlier.CaseId));
            }
        }

        return findings;
    }

    /// <summary>Remembers the images of content a moderator rejected in case <paramref name="caseId"/>.</summary>
    public async Task RememberRejectedAsync(string caseId, IReadOnlyList<string> mediaIds, DateTimeOffset decidedAt, CancellationToken cancellationToken)
    {
        foreach (var media in await ReadyImagesAsync(mediaIds, cancellationToken))
        {
            if (Hash(media) is not null)
            {
                await rejected.AddAsync(new RejectedImage(media.Id, media.PerceptualHash!, caseId, decidedAt), cancellationToken);
            }
        }
    }

    private async Task<List<MediaItem>> ReadyImagesAsync(IReadOnlyList<string> mediaIds, CancellationToken cancellationToken)
    {
        var images = new List<MediaItem>();
        foreach (var mediaId in mediaIds.Distinct(StringComparer.Ordinal))
        {
            // Media that is missing, someone else's or not ready is refused by the media policy; nothing to look at here.
            var found = await documents.FindAsync<MediaItem>(Collections.Media, mediaId, mediaId, cancellationToken);
            if (found?.Value is { Status: MediaStatus.Ready, Kind: MediaKind.Image } media)
            {
                images.Add(media);
            }
        }

        return images;
    }

    // Flat pictures (a blank page) all hash alike: they are not evidence of anything.
    private static ulong? Hash(MediaItem media) =>
        media.PerceptualHash is { } hex && ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hash)
            && MediaProcessor.IsDistinctive(hash) ? hash : null;
}
