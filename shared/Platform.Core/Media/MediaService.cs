using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Media;

/// <summary>Upload slots, media records and renditions as the API offers them.</summary>
public sealed class MediaService(IDocumentStore documents, IBlobStore blobs, IOptions<MediaOptions> options, TimeProvider clock)
{
    private readonly MediaOptions _options = options.Value;

    /// <summary>Creates a pending media record and a slot to upload its file into.</summary>
    public async Task<UploadSlotResponse> CreateUploadAsync(Caller caller, CreateUploadRequest request, CancellationToken cancellationToken)
    {
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(request.ContentType), "contentType", "media.content_type_required", "Say which content type you will upload.");
        v.Require(request.Size is > 0, "size", "media.size_required", "Say how many bytes you will upload (more than 0).");
        v.ThrowIfInvalid();

        if (MediaFormat.IsHeifContentType(request.ContentType))
        {
            throw new PlatformException(ErrorKind.UnsupportedMediaType, MediaRejections.HeicUnsupported, MediaRejections.HeicAdvice);
        }

        var format = MediaFormat.ForContentType(request.ContentType)
            ?? throw new PlatformException(ErrorKind.UnsupportedMediaType, MediaRejections.UnsupportedType,
                $"Accepted content types: {string.Join(", ", MediaFormat.Supported.Select(f => f.ContentType))}.");
        var limit = format.Kind == MediaKind.Image ? _options.MaxImageBytes : _options.MaxVideoBytes;
        if (request.Size > limit)
        {
            throw new PlatformException(ErrorKind.PayloadTooLarge, MediaRejections.TooLarge,
                $"An {format.Kind.ToString().ToLowerInvariant()} may be at most {Sizes.Describe(limit)}.");
        }

        var now = clock.GetUtcNow();
        var item = new MediaItem
        {
            Id = Ids.New(),
            OwnerId = caller.UserId,
            DeclaredContentType = format.ContentType,
            DeclaredBytes = request.Size!.Value,
            UploadExpiresAt = now.AddMinutes(_options.UploadSlotMinutes),
            CreatedAt = now,
        };
        await documents.CreateAsync(Collections.Media, item.Id, item.Id, item, cancellationToken);

        var slot = await blobs.CreateUploadSlotAsync(
            BlobContainers.Uploads,
            MediaProcessor.UploadName(item.OwnerId, item.Id),
            new UploadSlotRequest(format.ContentType, item.DeclaredBytes, item.UploadExpiresAt),
            cancellationToken);
        return new UploadSlotResponse(item.Id, slot.Url, "PUT", slot.ExpiresAt, item.DeclaredBytes, slot.RequiredHeaders, item.Status);
    }

    /// <summary>
    /// A media item: its owner sees it in every state; others only once it is ready and while it is not attached only to
    /// notes they cannot see (deleted, rejected, held or private ones). An erased account's media no longer exists.
    /// </summary>
    public async Task<MediaItem> GetAsync(string mediaId, Caller? caller, CancellationToken cancellationToken)
    {
        var found = Ids.IsWellFormed(mediaId)
            ? await documents.FindAsync<MediaItem>(Collections.Media, mediaId, mediaId, cancellationToken)
            : null;
        if (found is null || (found.Value.OwnerId != caller?.UserId
            && (found.Value.Status != MediaStatus.Ready || !await FollowsVisibleContentAsync(found.Value, cancellationToken))))
        {
            throw NotFound(mediaId);
        }

        return found.Value;
    }

    /// <summary>The media of a note that <paramref name="caller"/> may see, in the note's order (missing or hidden ones are left out).</summary>
    public async Task<IReadOnlyList<MediaItem>> ListAsync(IReadOnlyList<string> mediaIds, Caller? caller, CancellationToken cancellationToken)
    {
        // Independent point reads (a note has up to 18 media), issued together rather than one after another; in order.
        var found = await Task.WhenAll(mediaIds.Select(id => FindVisibleAsync(id, caller, cancellationToken)));
        return [.. found.OfType<MediaItem>()];
    }

    private async Task<MediaItem?> FindVisibleAsync(string mediaId, Caller? caller, CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync(mediaId, caller, cancellationToken);
        }
        catch (PlatformException e) when (e.Kind == ErrorKind.NotFound)
        {
            // Gone or not (yet) visible to this caller: the note lists only what it can show.
            return null;
        }
    }

    /// <summary>Opens a rendition for streaming, on the same terms as <see cref="GetAsync"/> (the owner also gets their own
    /// pending or hidden media).</summary>
    public async Task<(Stream Content, Rendition Rendition)> OpenRenditionAsync(string mediaId, string name, Caller? caller, CancellationToken cancellationToken)
    {
        var item = await GetAsync(mediaId, caller, cancellationToken);
        var rendition = item.Renditions.FirstOrDefault(r => r.Name == name)
            ?? throw PlatformException.NotFound("media.rendition_not_found", $"Media '{mediaId}' has no rendition '{name}'.");
        var content = await blobs.OpenReadAsync(BlobContainers.Media, $"{mediaId}/{name}", cancellationToken)
            ?? throw PlatformException.NotFound("media.rendition_not_found", $"Media '{mediaId}' has no rendition '{name}'.");
        return (content, rendition);
    }

    /// <summary>How long clients and CDNs may keep a rendition: once its note is hidden, it is gone within this time.</summary>
    public TimeSpan RenditionCacheDuration => TimeSpan.FromSeconds(_options.RenditionCacheSeconds);

    // Media not (or no longer) on any note is shown as it is; media on notes follows them: visible while one of them is.
    private async Task<bool> FollowsVisibleContentAsync(MediaItem item, CancellationToken cancellationToken)
    {
        var attached = false;
        foreach (var noteId in item.NoteIds)
        {
            var note = (await documents.FindAsync<Note>(Collections.Notes, noteId, noteId, cancellationToken))?.Value;
            if (note is null || !note.MediaIds.Contains(item.Id, StringComparer.Ordinal))
            {
                continue;
            }

            if (note.IsVisibleToOthers)
            {
                return true;
            }

            attached = true;
        }

        return !attached;
    }

    /// <summary>Where clients fetch a rendition: the configured public base, or null to use the API's own route.</summary>
    public Uri? PublicRenditionUrl(string mediaId, string name) =>
        _options.RenditionBaseUrl is { } baseUrl ? new Uri($"{baseUrl.ToString().TrimEnd('/')}/{mediaId}/{name}") : null;

    private static PlatformException NotFound(string mediaId) =>
        PlatformException.NotFound("media.not_found", $"Media '{mediaId}' does not exist.");
}
