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
    VideoPipeline videos,
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

        if (MediaFormat.IsHeif(head.AsSpan(0, headLength)))
        {
            throw new MediaRejectedException(MediaRejections.HeicUnsupported, MediaRejections.HeicAdvice);
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

        var (renditions, duplicateOf) = await StoreImageAsync(item, image, prefix: "", cancellationToken);
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

    /// <summary>Stores an image's renditions (named <c>{prefix}{size}.{ext}</c>) and looks its hash up among other owners' media.</summary>
    private async Task<(List<Rendition> Renditions, string? DuplicateOf)> StoreImageAsync(
        MediaItem item, ProcessedImage image, string prefix, CancellationToken cancellationToken)
    {
        var renditions = new List<Rendition>(image.Renditions.Count);
        foreach (var rendition in image.Renditions)
        {
            var name = prefix + rendition.Name;
            using var stream = new MemoryStream(rendition.Data, writable: false);
            await blobs.PutAsync(BlobContainers.Media, $"{item.Id}/{name}", stream, rendition.ContentType, cancellationToken);
            renditions.Add(new Rendition(name, rendition.ContentType, rendition.Width, rendition.Height, rendition.Data.Length));
        }

        string? duplicateOf = null;
        if (IsDistinctive(image.PerceptualHash))
        {
            duplicateOf = await hashes.FindOriginalByOtherOwnerAsync(
                image.PerceptualHash, item.Id, item.OwnerId, _options.DuplicateMaxDistance, cancellationToken);
            await hashes.AddAsync(image.PerceptualHash, item.Id, item.OwnerId, cancellationToken);
        }

        return (renditions, duplicateOf);
    }

    /// <summary>
    /// A video: copied to a local work folder (FFmpeg needs a seekable file) under the size limit, checked from its headers
    /// (the container's boxes, then FFprobe) against the duration and size limits before any frame is decoded, then a
    /// poster (through <see cref="ImagePipeline"/>, so it gets the images' renditions, placeholder, colour, hash and code scan)
    /// and the MP4 renditions. The original is not kept: it may carry the camera's location and may not play in browsers.
    /// </summary>
    private async Task<MediaItem> ProduceVideoAsync(MediaItem item, MediaFormat format, Stream content, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("platform-video-");
        try
        {
            var source = Path.Combine(work.FullName, $"source.{format.Extension}");
            long bytes;
            VideoInfo header;
            await using (var file = new FileStream(source, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.Asynchronous))
            {
                var limited = new LimitedStream(content, _options.MaxVideoBytes, "video");
                await limited.CopyToAsync(file, 1 << 16, cancellationToken);
                bytes = limited.BytesRead;
                file.Position = 0;
                header = VideoContainer.Read(file, format);
            }

            CheckVideoLimits(header.DurationSeconds, header.Width, header.Height);
            var probe = await videos.ProbeAsync(source, cancellationToken);
            CheckVideoLimits(probe.DurationSeconds, probe.Width, probe.Height);

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.VideoProcessingTimeout);
            try
            {
                return await RenderVideoAsync(item, format, source, bytes, probe, work.FullName, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new MediaRejectedException(MediaRejections.VideoTooSlow,
                    $"Processing the video took longer than {_options.VideoProcessingTimeout.TotalMinutes:0.#} minutes.");
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<MediaItem> RenderVideoAsync(
        MediaItem item, MediaFormat format, string source, long bytes, VideoProbe probe, string work, CancellationToken cancellationToken)
    {
        // The poster first: one decoded frame, which also proves the stream decodes before the long transcode.
        var posterFile = Path.Combine(work, "poster.png");
        await videos.RunAsync(videos.PosterArguments(source, probe, posterFile), "poster", cancellationToken);
        if (!File.Exists(posterFile) || new FileInfo(posterFile).Length == 0)
        {
            throw new MediaRejectedException(MediaRejections.Corrupt, "The video has no frame that can be decoded.");
        }

        var posterBytes = await File.ReadAllBytesAsync(posterFile, cancellationToken);
        var poster = await workers.RunAsync(() => ImagePipeline.Process(posterBytes, MediaFormat.Png, _options), cancellationToken);

        var plans = VideoPipeline.Plan(probe.Width, probe.Height, _options.RenditionHeights());
        var outputs = plans.Select(p => Path.Combine(work, p.Name)).ToList();
        await videos.RunAsync(videos.TranscodeArguments(source, plans, outputs), "renditions", cancellationToken);

        // The poster's renditions keep the images' names (feed.webp...), so every client showing a cover shows the poster.
        var (renditions, duplicateOf) = await StoreImageAsync(item, poster, prefix: "", cancellationToken);
        foreach (var (plan, output) in plans.Zip(outputs))
        {
            var length = new FileInfo(output).Length;
            await using var stream = File.OpenRead(output);
            await blobs.PutAsync(BlobContainers.Media, $"{item.Id}/{plan.Name}", stream, "video/mp4", cancellationToken);
            renditions.Add(new Rendition(plan.Name, "video/mp4", plan.Width, plan.Height, length));
        }

        return item with
        {
            Status = MediaStatus.Ready,
            Kind = MediaKind.Video,
            ContentType = format.ContentType,
            Bytes = bytes,
            Width = probe.Width,
            Height = probe.Height,
            DurationSeconds = Math.Round(probe.DurationSeconds, 3),
            DominantColor = poster.DominantColor,
            Placeholder = poster.Placeholder,
            PerceptualHash = MediaHashIndex.Hex(poster.PerceptualHash),
            DuplicateOf = duplicateOf,
            Codes = poster.Codes,
            Renditions = renditions,
            ProcessedAt = clock.GetUtcNow(),
        };
    }

    /// <summary>Product limits from what the headers declare (either may be absent), before anything is decoded.</summary>
    private void CheckVideoLimits(double? seconds, int? width, int? height)
    {
        if (seconds > _options.MaxVideoSeconds)
        {
            throw new MediaRejectedException(MediaRejections.TooLong,
                $"The video lasts {seconds:0} seconds; at most {_options.MaxVideoSeconds} are accepted.");
        }

        if (width > _options.MaxVideoEdge || height > _options.MaxVideoEdge)
        {
            throw new MediaRejectedException(MediaRejections.TooManyPixels,
                $"The video declares {width}x{height} pixels; at most {_options.MaxVideoEdge} on each side are accepted.");
        }
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
}
