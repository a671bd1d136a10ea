using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Identity;
using Platform.Core.Media;
using Platform.Functions.Http;

namespace Platform.Functions.Media;

/// <summary>The media API: upload slots, media records and renditions.</summary>
public sealed class MediaFunctions(MediaService media)
{
    /// <summary><c>POST /api/media</c> {"contentType":"image/jpeg","size":123456}: a pending media item and where to upload it.</summary>
    [Function(nameof(CreateMediaUpload))]
    public async Task<Created<UploadSlotResponse>> CreateMediaUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "media")] HttpRequest request,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<CreateUploadRequest>(cancellationToken);
        var slot = await media.CreateUploadAsync(caller, body, cancellationToken);
        // The embedded store's slot URLs are relative to this host; Azure's are absolute and stay as they are.
        var absolute = slot with { UploadUrl = new Uri(HostBase(request), slot.UploadUrl) };
        return TypedResults.Created($"/api/media/{slot.MediaId}", absolute);
    }

    [Function(nameof(GetMedia))]
    public async Task<Ok<MediaResponse>> GetMedia(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "media/{mediaId}")] HttpRequest request,
        string mediaId,
        Caller? caller,
        CancellationToken cancellationToken)
    {
        var item = await media.GetAsync(mediaId, caller, cancellationToken);
        var self = new Uri(HostBase(request), request.PathBase + request.Path);
        return TypedResults.Ok(MediaResponse.From(item, name =>
            media.PublicRenditionUrl(item.Id, name) ?? new Uri($"{self.ToString().TrimEnd('/')}/renditions/{name}")));
    }

    /// <summary>
    /// A rendition's bytes. The URL is fixed, but the rendition stops being served (404) when the notes it is on are deleted,
    /// rejected or hidden, or its owner's account is erased; so it is cached briefly (RenditionCacheSeconds), never as
    /// immutable. The owner (with a token) also gets renditions of their own hidden media.
    /// </summary>
    // A stream result carries no type: the method says what it sends.
    [Function(nameof(GetMediaRendition))]
    [Produces(StatusCodes.Status200OK, typeof(Stream), "application/octet-stream")]
    public async Task<FileStreamHttpResult> GetMediaRendition(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "media/{mediaId}/renditions/{name}")] HttpRequest request,
        string mediaId,
        string name,
        Caller? caller,
        CancellationToken cancellationToken)
    {
        var (content, rendition) = await media.OpenRenditionAsync(mediaId, name, caller, cancellationToken);
        // What only the owner may see is not for shared caches.
        var maxAge = (int)media.RenditionCacheDuration.TotalSeconds;
        request.HttpContext.Response.Headers.CacheControl = caller is null ? $"public, max-age={maxAge}" : $"private, max-age={maxAge}";
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(content, rendition.ContentType, enableRangeProcessing: content.CanSeek);
    }

    private static Uri HostBase(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");

    /// <summary>A media item as any API response shows it, with rendition links on this host (or the configured CDN).</summary>
    internal static MediaResponse Describe(MediaItem item, MediaService media, HttpRequest request) =>
        MediaResponse.From(item, name => media.PublicRenditionUrl(item.Id, name)
            ?? new Uri(HostBase(request), $"api/media/{Uri.EscapeDataString(item.Id)}/renditions/{Uri.EscapeDataString(name)}"));
}
