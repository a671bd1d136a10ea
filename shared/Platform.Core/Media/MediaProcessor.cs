using System.Buffers;
using FFMpegCore;
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

        var (renditions, duplicateOf) = await StoreImageAsync(item, image, cancellationToken);
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

    /// <summary>Stores an image's renditions and looks its hash up among other owners' media, then records the hash.</summary>
    private async Task<(Rendition[] Renditions, string? DuplicateOf)> StoreImageAsync(MediaItem item, ProcessedImage image, CancellationToken cancellationToken)
    {
        var stored = await WriteImageAsync(item, image, cancellationToken);
        await RememberHashAsync(item, image, cancellationToken);
        return stored;
    }

    /// <summary>Writes an image's renditions (named as <see cref="ImagePipeline"/> names them, all at once) while looking
    /// its hash up among other owners' media. The hash is not recorded yet (see <see cref="RememberHashAsync"/>).</summary>
    private async Task<(Rendition[] Renditions, string? DuplicateOf)> WriteImageAsync(MediaItem item, ProcessedImage image, CancellationToken cancellationToken)
    {
        var writes = Task.WhenAll(image.Renditions.Select(async rendition =>
        {
            using var stream = new MemoryStream(rendition.Data, writable: false);
            await blobs.PutAsync(BlobContainers.Media, $"{item.Id}/{rendition.Name}", stream, rendition.ContentType, cancellationToken);
            return new Rendition(rendition.Name, rendition.ContentType, rendition.Width, rendition.Height, rendition.Data.Length);
        }));
        var duplicateOf = IsDistinctive(image.PerceptualHash)
            ? hashes.FindOriginalByOtherOwnerAsync(image.PerceptualHash, item.Id, item.OwnerId, _options.DuplicateMaxDistance, cancellationToken)
            : Task.FromResult<string?>(null);
        await Task.WhenAll(writes, duplicateOf);
        return (await writes, await duplicateOf);
    }

    /// <summary>Adds the hash to the index once the media will be ready: a rejected upload must not be anyone's original.</summary>
    private async Task RememberHashAsync(MediaItem item, ProcessedImage image, CancellationToken cancellationToken)
    {
        if (IsDistinctive(image.PerceptualHash))
        {
            await hashes.AddAsync(image.PerceptualHash, item.Id, item.OwnerId, cancellationToken);
        }
    }

    /// <summary>
    /// A video: copied to a local work folder (FFmpeg needs a seekable file) under the size limit, checked from its headers
    /// (the container's boxes, then FFprobe) against the duration and size limits, then a poster (through
    /// <see cref="ImagePipeline"/>, so it gets the images' renditions, placeholder, colour, hash and code scan) and the MP4
    /// renditions. The original is not kept: it may carry the camera's location and may not play in browsers.
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
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.VideoProcessingTimeout);
            try
            {
                return await RenderVideoAsync(item, format, source, bytes, header, work.FullName, deadline.Token);
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
        MediaItem item, MediaFormat format, string source, long bytes, VideoInfo header, string work, CancellationToken cancellationToken)
    {
        // Once FFprobe has passed the stream, the transcode (FFmpeg's processes) runs beside the poster: its frame (FFmpeg),
        // then its image work and blob writes (this process). Either failing stops the other before the failure is passed
        // on, so no write is still under way when a rejection deletes the outputs.
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var early = CancellationTokenSource.CreateLinkedTokenSource(either.Token);
        var posterFile = Path.Combine(work, "poster.png");
        var earlyArguments = header is { Width: { } width, Height: { } height, DurationSeconds: { } seconds }
            ? videos.PosterArguments(source, width, height, seconds, posterFile)
            : null;
        var earlyPoster = earlyArguments is null ? null : PosterAsync(earlyArguments, posterFile, early.Token);
        VideoProbe probe;
        try
        {
            probe = await ProbeCheckedAsync(source, either.Token);
        }
        catch when (earlyPoster is not null)
        {
            await StopAsync(earlyPoster, either);
            throw;
        }

        var transcode = TranscodeAsync(item, source, probe, work, either.Token);
        var frame = PosterFrameAsync(videos.PosterArguments(source, probe.Width, probe.Height, probe.DurationSeconds, posterFile),
            earlyArguments, earlyPoster, early, posterFile, either.Token);
        var posterWork = ProducePosterAsync(item, frame, either.Token);
        var ((poster, posterRenditions, duplicateOf), videoRenditions) = await BothAsync(posterWork, transcode, either);
        await RememberHashAsync(item, poster, cancellationToken);

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

            // The poster's renditions keep the images' names (feed.webp...), so every client showing a cover shows the poster.
            Renditions = [.. posterRenditions, .. videoRenditions],
            ProcessedAt = clock.GetUtcNow(),
        };
    }

    /// <summary>
    /// The poster frame: one decoded frame, fitted into the detail edge. When the container declared the size and duration,
    /// it was started from them while FFprobe ran (FFmpeg's decoder refuses frames above the edge limit's pixel count, so a
    /// stream that lies about its size costs nothing before FFprobe's check, whose verdict comes first). It is made again,
    /// from FFprobe's figures, in the rare file whose streams disagree with its container. (FFprobe then the poster in turn
    /// was tried again at review: the 3 s benchmark clip went from 0.97-1.06x bare FFmpeg to 1.10-1.14x.)
    /// </summary>
    private async Task<byte[]> PosterFrameAsync(
        FFMpegArgumentProcessor expected, FFMpegArgumentProcessor? earlyArguments, Task<byte[]>? earlyPoster, CancellationTokenSource early,
        string posterFile, CancellationToken cancellationToken)
    {
        if (earlyPoster is not null && expected.Arguments == earlyArguments?.Arguments)
        {
            return await earlyPoster;
        }

        if (earlyPoster is not null)
        {
            await StopAsync(earlyPoster, early);
        }

        return await PosterAsync(expected, posterFile, cancellationToken);
    }

    private async Task<VideoProbe> ProbeCheckedAsync(string source, CancellationToken cancellationToken)
    {
        var probe = await videos.ProbeAsync(source, cancellationToken);
        CheckVideoLimits(probe.DurationSeconds, probe.Width, probe.Height);
        return probe;
    }

    private async Task<byte[]> PosterAsync(FFMpegArgumentProcessor arguments, string posterFile, CancellationToken cancellationToken)
    {
        File.Delete(posterFile);
        await videos.RunAsync(arguments, "poster", cancellationToken);
        var poster = File.Exists(posterFile) ? await File.ReadAllBytesAsync(posterFile, cancellationToken) : [];
        return poster.Length > 0 ? poster : throw new MediaRejectedException(MediaRejections.Corrupt, "The video has no frame that can be decoded.");
    }

    /// <summary>The poster frame through the image pipeline (renditions, placeholder, colour, hash, code scan), its renditions written.</summary>
    private async Task<(ProcessedImage Poster, Rendition[] Renditions, string? DuplicateOf)> ProducePosterAsync(
        MediaItem item, Task<byte[]> frame, CancellationToken cancellationToken)
    {
        var posterBytes = await frame;
        var poster = await workers.RunAsync(() => ImagePipeline.Process(posterBytes, MediaFormat.Png, _options), cancellationToken);
        var (renditions, duplicateOf) = await WriteImageAsync(item, poster, cancellationToken);
        return (poster, renditions, duplicateOf);
    }

    /// <summary>The MP4 renditions, all from one FFmpeg run, then written to storage at once.</summary>
    private async Task<Rendition[]> TranscodeAsync(MediaItem item, string source, VideoProbe probe, string work, CancellationToken cancellationToken)
    {
        var plans = VideoPipeline.Plan(probe.Width, probe.Height, _options.RenditionHeights());
        var outputs = plans.Select(p => Path.Combine(work, p.Name)).ToList();
        await videos.RunAsync(videos.TranscodeArguments(source, plans, outputs), "renditions", cancellationToken);
        return await Task.WhenAll(plans.Zip(outputs, async (plan, output) =>
        {
            await using var stream = new FileStream(output, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            var length = stream.Length;
            await blobs.PutAsync(BlobContainers.Media, $"{item.Id}/{plan.Name}", stream, "video/mp4", cancellationToken);
            return new Rendition(plan.Name, "video/mp4", plan.Width, plan.Height, length);
        }));
    }

    /// <summary>
    /// Awaits two tasks that take <paramref name="either"/>'s token. The first to fail cancels the other, which is awaited
    /// before the first failure is thrown: a cancellation it caused never hides the real cause.
    /// </summary>
    internal static async Task<(TFirst, TSecond)> BothAsync<TFirst, TSecond>(Task<TFirst> first, Task<TSecond> second, CancellationTokenSource either)
    {
        var failed = await Task.WhenAny(first, second);
        if (!failed.IsCompletedSuccessfully)
        {
            await CancelQuietlyAsync(either);
        }

        try
        {
            await Task.WhenAll(first, second);
        }
        catch when (!failed.IsCompletedSuccessfully)
        {
            await failed; // throws the failure that came first
            throw;
        }

        return (first.Result, second.Result);
    }

    /// <summary>Cancels <paramref name="task"/> through <paramref name="source"/> and waits for it to stop; whatever it ends
    /// with is observed and dropped (the caller has its own outcome to report).</summary>
    private static async Task StopAsync(Task task, CancellationTokenSource source)
    {
        await CancelQuietlyAsync(source);
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Stopped, or failed on its own: either way the caller's outcome is the one to report.
        }
    }

    // FFMpegCore's cancellation asks FFmpeg to quit on its stdin, which throws (broken pipe) when that FFmpeg has just
    // exited, as a poster often has (seen in the benchmark's warm-up of 1 s clips). The other callbacks still run.
    private static async Task CancelQuietlyAsync(CancellationTokenSource source)
    {
        try
        {
            await source.CancelAsync();
        }
        catch (Exception e) when (e is AggregateException or IOException)
        {
            // What is left to stop has stopped; what had exited needs nothing.
        }
    }

    /// <summary>Product limits from what the container or FFprobe declares (any figure may be absent).</summary>
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
