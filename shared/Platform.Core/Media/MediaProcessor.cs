using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Media;

/// <summary>
/// Turns one upload (<c>uploads/{ownerId}/{mediaId}</c>) into stored renditions and a ready or rejected media record.
/// Transport-agnostic: the Azure blob trigger and the embedded host call it with the same arguments.
/// </summary>
/// <remarks>
/// Idempotent: outputs have fixed names (a second run overwrites them with the same bytes), a record that is no longer
/// pending is left alone, and the upload is deleted last, so a crash anywhere is repaired by running again.
/// A file that is at fault is recorded as rejected and never retried; storage failures throw, so the host retries.
/// </remarks>
public sealed class MediaProcessor(
    IDocumentStore documents,
    IBlobStore blobs,
    MediaHashIndex hashes,
    ImageWorkers workers,
    IOptions<MediaOptions> options,
    TimeProvider clock,
    ILogger<MediaProcessor> logger)
{
    private readonly MediaOptions _options = options.Value;

    /// <summary>The blob name of an upload: <c>{ownerId}/{mediaId}</c> in the uploads container.</summary>
    public static string UploadName(string ownerId, string mediaId) => $"{ownerId}/{mediaId}";

    /// <summary>Processes the upload named <paramref name="uploadName"/> whose content is <paramref name="upload"/>.</summary>
    /// <returns>The media record afterwards, or null when the upload belongs to no media record (it is deleted).</returns>
    public async Task<MediaItem?> ProcessAsync(string uploadName, Stream upload, CancellationToken cancellationToken)
    {
        var parts = uploadName.Split('/');
        var stored = parts.Length == 2 && Ids.IsWellFormed(parts[0]) && Ids.IsWellFormed(parts[1])
            ? await documents.FindAsync<MediaItem>(Collections.Media, parts[1], parts[1], cancellationToken)
            : null;
        if (stored is null || stored.Value.OwnerId != parts[0])
        {
            // Nobody asked for this upload (or it was written to another user's path): nothing to attach it to.
            logger.LogWarning("Upload {UploadName} matches no media record of its owner; deleting it", uploadName);
            await blobs.DeleteAsync(BlobContainers.Uploads, uploadName, cancellationToken);
            return null;
        }

        var item = stored.Value;
        if (item.Status != MediaStatus.Pending)
        {
            logger.LogInformation("Media {MediaId} was already processed ({Status}); removing the redelivered upload", item.Id, item.Status);
            await blobs.DeleteAsync(BlobContainers.Uploads, uploadName, cancellationToken);
            return item;
        }

        MediaItem outcome;
        try
        {
            outcome = await ProduceAsync(item, upload, cancellationToken);
        }
        catch (MediaRejectedException rejected)
        {
            await DeleteOutputsAsync(item.Id, cancellationToken);
            outcome = item with
            {
                Status = MediaStatus.Rejected,
                Rejection = new MediaRejection(rejected.Code, rejected.Message),
                ProcessedAt = clock.GetUtcNow(),
            };
        }

        var saved = await SaveAsync(stored, outcome, cancellationToken);
        await blobs.DeleteAsync(BlobContainers.Uploads, uploadName, cancellationToken);
        logger.LogInformation("Media {MediaId} of {OwnerId} is {Status} {RejectionCode}", saved.Id, saved.OwnerId, saved.Status, saved.Rejection?.Code);
        return saved;
    }

    private async Task<MediaItem> ProduceAsync(MediaItem item, Stream upload, CancellationToken cancellationToken)
    {
        var head = new byte[MediaFormat.SniffLength];
        var headLength = await upload.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (headLength == 0)
        {
            throw new MediaRejectedException(MediaRejections.Empty, "The upload is empty.");
        }

        var format = MediaFormat.Sniff(head.AsSpan(0, headLength))
            ?? throw new MediaRejectedException(MediaRejections.UnsupportedType,
                "The file is not a JPEG, PNG, WebP, GIF, MP4, MOV or WebM image or video (judged by its content, not its name or declared type).");
        var content = new PrefixedStream(head[..headLength], upload);
        return format.Kind == MediaKind.Image
            ? await ProduceImageAsync(item, format, content, upload, cancellationToken)
            : await ProduceVideoAsync(item, format, content, cancellationToken);
    }

    private async Task<MediaItem> ProduceImageAsync(MediaItem item, MediaFormat format, Stream content, Stream upload, CancellationToken cancellationToken)
    {
        if (upload.CanSeek && upload.Length > _options.MaxImageBytes)
        {
            throw ImageTooLarge();
        }

        // A pooled buffer: a fresh multi-megabyte array per upload would sit in the large object heap until a full GC.
        var buffer = ArrayPool<byte>.Shared.Rent(upload.CanSeek ? (int)upload.Length + 1 : 1 << 20);
        var length = 0;
        ProcessedImage image;
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length > _options.MaxImageBytes)
                {
                    throw ImageTooLarge();
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, 2L * buffer.Length));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            var data = buffer;
            var size = length;
            image = await workers.RunAsync(() => ImagePipeline.Process(data.AsSpan(0, size), format, _options), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var renditions = new List<Rendition>(image.Renditions.Count);
        foreach (var rendition in image.Renditions)
        {
            using var stream = new MemoryStream(rendition.Data, writable: false);
            await blobs.PutAsync(BlobContainers.Media, $"{item.Id}/{rendition.Name}", stream, rendition.ContentType, cancellationToken);
            renditions.Add(new Rendition(rendition.Name, rendition.ContentType, rendition.Width, rendition.Height, rendition.Data.Length));
        }

        string? duplicateOf = null;
        if (IsDistinctive(image.PerceptualHash))
        {
            duplicateOf = await hashes.FindOriginalByOtherOwnerAsync(
                image.PerceptualHash, item.Id, item.OwnerId, _options.DuplicateMaxDistance, cancellationToken);
            await hashes.AddAsync(image.PerceptualHash, item.Id, item.OwnerId, cancellationToken);
        }

        return item with
        {
            Status = MediaStatus.Ready,
            Kind = MediaKind.Image,
            ContentType = format.ContentType,
            Bytes = length,
            Width = image.Width,
            Height = image.Height,
            DominantColor = image.DominantColor,
            Placeholder = image.Placeholder,
            PerceptualHash = MediaHashIndex.Hex(image.PerceptualHash),
            DuplicateOf = duplicateOf,
            Codes = image.Codes,
            Renditions = renditions,
            ProcessedAt = clock.GetUtcNow(),
        };
    }

    private async Task<MediaItem> ProduceVideoAsync(MediaItem item, MediaFormat format, Stream content, CancellationToken cancellationToken)
    {
        // Transcoding is out of scope: the validated original is the one rendition.
        var name = $"original.{format.Extension}";
        var blobName = $"{item.Id}/{name}";
        var limited = new LimitedStream(content, _options.MaxVideoBytes, "video");
        try
        {
            await blobs.PutAsync(BlobContainers.Media, blobName, limited, format.ContentType, cancellationToken);
        }
        catch (Exception e) when (Rejection(e) is { } rejected)
        {
            throw rejected; // the SDK may wrap what the source stream threw
        }

        VideoInfo info;
        await using (var video = await blobs.OpenReadAsync(BlobContainers.Media, blobName, cancellationToken)
            ?? throw new InvalidOperationException($"The video just stored at {blobName} cannot be read back."))
        {
            info = VideoContainer.Read(video, format);
        }

        if (info.DurationSeconds > _options.MaxVideoSeconds)
        {
            throw new MediaRejectedException(MediaRejections.TooLong,
                $"The video lasts {info.DurationSeconds:0} seconds; at most {_options.MaxVideoSeconds} are accepted.");
        }

        return item with
        {
            Status = MediaStatus.Ready,
            Kind = MediaKind.Video,
            ContentType = format.ContentType,
            Bytes = limited.BytesRead,
            Width = info.Width,
            Height = info.Height,
            DurationSeconds = info.DurationSeconds,
            Renditions = [new Rendition(name, format.ContentType, info.Width, info.Height, limited.BytesRead)],
            ProcessedAt = clock.GetUtcNow(),
        };
    }

    private async Task<MediaItem> SaveAsync(StoredDocument<MediaItem> stored, MediaItem outcome, CancellationToken cancellationToken)
    {
        try
        {
            await documents.ReplaceAsync(Collections.Media, outcome.Id, outcome.Id, outcome, stored.ETag, cancellationToken);
            return outcome;
        }
        catch (DocumentPreconditionFailedException)
        {
            // A concurrent delivery of the same upload finished first; its outputs have the same names and bytes.
            var current = await documents.FindAsync<MediaItem>(Collections.Media, outcome.Id, outcome.Id, cancellationToken);
            return current?.Value ?? outcome;
        }
    }

    private async Task DeleteOutputsAsync(string mediaId, CancellationToken cancellationToken)
    {
        await foreach (var blob in blobs.ListAsync(BlobContainers.Media, mediaId + "/", cancellationToken))
        {
            await blobs.DeleteAsync(BlobContainers.Media, blob.Name, cancellationToken);
        }
    }

    private MediaRejectedException ImageTooLarge() =>
        new(MediaRejections.TooLarge, $"The image is larger than the {Sizes.Describe(_options.MaxImageBytes)} accepted.");

    // Flat or smoothly shaded pictures (a blank page, a gradient) all hash alike; flagging them would be noise.
    internal static bool IsDistinctive(ulong hash) => System.Numerics.BitOperations.PopCount(hash) is > 2 and < 62;

    private static MediaRejectedException? Rejection(Exception e) => e switch
    {
        MediaRejectedException rejected => rejected,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Rejection).FirstOrDefault(r => r is not null),
        { InnerException: { } inner } => Rejection(inner),
        _ => null,
    };
}
