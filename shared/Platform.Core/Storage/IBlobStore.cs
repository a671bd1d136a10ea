namespace Platform.Core.Storage;

/// <summary>
/// Binary objects (uploads, image renditions, videos) in named containers. Both adapters (Azure Blob Storage,
/// the embedded file store) pass the same contract suite.
/// </summary>
/// <remarks>
/// Container names are lower-case letters, digits and '-'. Blob names are '/'-separated segments of letters, digits,
/// '.', '-' and '_' (no empty, '.' or '..' segment), so a name means the same thing in a URL and on a disk.
/// A blob is written whole: readers see the old content or the new, never a mix.
/// </remarks>
public interface IBlobStore
{
    /// <summary>Writes a blob, replacing any blob of that name. <paramref name="contentType"/> is what direct readers are served.</summary>
    Task PutAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>The blob's size and time of last write, or null when there is none.</summary>
    Task<BlobInfo?> GetInfoAsync(string container, string name, CancellationToken cancellationToken);

    /// <summary>A read-only stream over the blob that supports seeking (video parsing skips the media data), or null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string container, string name, CancellationToken cancellationToken);

    /// <summary>Deletes a blob; false when there was none.</summary>
    Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken);

    /// <summary>Every blob whose name starts with <paramref name="prefix"/> (all when empty), in ordinal name order.</summary>
    IAsyncEnumerable<BlobInfo> ListAsync(string container, string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Permission for a client to write exactly one blob, once, until <see cref="UploadSlotRequest.ExpiresAt"/>, without
    /// holding any credential of the platform. The client sends <c>PUT</c> to <see cref="UploadSlot.Url"/> with
    /// <see cref="UploadSlot.RequiredHeaders"/>. A relative URL is relative to the API's own base address.
    /// </summary>
    Task<UploadSlot> CreateUploadSlotAsync(string container, string name, UploadSlotRequest request, CancellationToken cancellationToken);
}

/// <summary>What is known about a stored blob without reading it.</summary>
public sealed record BlobInfo(string Name, long Length, DateTimeOffset LastModified);

/// <summary>The limits of an upload slot. Adapters that cannot enforce <see cref="MaxBytes"/> at upload time (Azure SAS)
/// leave it to the processing step, which measures what arrived.</summary>
public sealed record UploadSlotRequest(string ContentType, long MaxBytes, DateTimeOffset ExpiresAt);

/// <summary>Where and how a client uploads one blob.</summary>
public sealed record UploadSlot(Uri Url, DateTimeOffset ExpiresAt, IReadOnlyDictionary<string, string> RequiredHeaders);

/// <summary>Container names the application uses. In Azure they are created by infra/, in the embedded store on first write.</summary>
public static class BlobContainers
{
    /// <summary>Originals as clients upload them, at <c>{userId}/{mediaId}</c>. Untrusted; deleted once processed.</summary>
    public const string Uploads = "uploads";

    /// <summary>What processing produced, at <c>{mediaId}/{rendition}</c>: re-encoded images and validated videos.</summary>
    public const string Media = "media";

    public static IReadOnlyList<string> All { get; } = [Uploads, Media];
}
