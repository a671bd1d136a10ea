using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Embedded.Storage;

/// <summary>
/// Blobs as files under <c>{root}/{container}/{name}</c>. Writes go to a temporary file first and are moved into place,
/// so a reader never sees half a blob and a crash leaves no partial one. Upload slots are URLs on the embedded host
/// (<c>PUT /blobs/{container}/{name}</c>) signed with a key kept in the data folder, checked by <see cref="AcceptUploadAsync"/>.
/// </summary>
/// <inheritdoc/>
public sealed partial class FileSystemBlobStore(string root, byte[] signingKey, TimeProvider clock, BlobNotifications notifications) : IBlobStore
{
    /// <summary>The path on the embedded host that upload slots point to.</summary>
    public const string UploadRoutePrefix = "/blobs";

    private const string TempFolder = ".tmp";

    /// <inheritdoc/>
    public async Task PutAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var path = PathOf(container, name);
        var temp = await WriteTempAsync(content, long.MaxValue, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(temp, path, overwrite: true);
        notifications.Publish(new BlobCreated(container, name));
    }

    /// <inheritdoc/>
    public Task<BlobInfo?> GetInfoAsync(string container, string name, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(container, name));
        return Task.FromResult(file.Exists ? new BlobInfo(name, file.Length, file.LastWriteTimeUtc) : null);
    }

    /// <inheritdoc/>
    public Task<Stream?> OpenReadAsync(string container, string name, CancellationToken cancellationToken)
    {
        try
        {
            // FileShare.Delete: a reader must not stop the processor from deleting or replacing the blob (as in Azure).
            Stream stream = new FileStream(PathOf(container, name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken)
    {
        var path = PathOf(container, name);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<BlobInfo> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        var containerPath = Path.Combine(root, CheckContainer(container));
        // Start from the deepest folder the prefix names, so listing one media item does not walk the whole store.
        var folder = prefix.Contains('/', StringComparison.Ordinal) ? prefix[..prefix.LastIndexOf('/')] : "";
        var start = folder.Length > 0 ? PathOf(container, folder) : containerPath;
        if (!Directory.Exists(start))
        {
            yield break;
        }

        var blobs = Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(containerPath, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var name in blobs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(Path.Combine(containerPath, name));
            if (file.Exists)
            {
                yield return new BlobInfo(name, file.Length, file.LastWriteTimeUtc);
            }
        }
    }

    /// <inheritdoc/>
    public Task<UploadSlot> CreateUploadSlotAsync(string container, string name, UploadSlotRequest request, CancellationToken cancellationToken)
    {
        PathOf(container, name);
        var expires = request.ExpiresAt.ToUnixTimeSeconds();
        var signature = Sign(container, name, expires, request.MaxBytes, request.ContentType);
        var query = string.Create(CultureInfo.InvariantCulture,
            $"expires={expires}&max={request.MaxBytes}&type={Uri.EscapeDataString(request.ContentType)}&sig={signature}");
        var url = new Uri($"{UploadRoutePrefix}/{container}/{name}?{query}", UriKind.Relative);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = request.ContentType,
            // Azure needs this header on Put Blob; accepting it here lets one client speak to both hosts.
            ["x-ms-blob-type"] = "BlockBlob",
        };
        return Task.FromResult(new UploadSlot(url, DateTimeOffset.FromUnixTimeSeconds(expires), headers));
    }

    /// <summary>
    /// Stores an upload sent to a slot URL if its signature, expiry, size and content type match what the slot allowed.
    /// Refusals are <see cref="PlatformException"/>s with <c>upload.*</c> codes.
    /// </summary>
    public async Task AcceptUploadAsync(
        string container, string name, UploadSlotQuery query, string? contentType, long? contentLength, Stream body, CancellationToken cancellationToken)
    {
        if (!IsValidContainer(container) || !IsValidName(name) || query.Signature is null || query.Type is null
            || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Sign(container, name, query.Expires, query.MaxBytes, query.Type)),
                Encoding.ASCII.GetBytes(query.Signature)))
        {
            throw PlatformException.Forbidden("upload.signature_invalid", "This upload URL is not valid for this blob.");
        }

        if (clock.GetUtcNow().ToUnixTimeSeconds() > query.Expires)
        {
            throw PlatformException.Forbidden("upload.expired", "This upload URL has expired; ask for a new one.");
        }

        if (!string.Equals(contentType?.Split(';')[0].Trim(), query.Type, StringComparison.OrdinalIgnoreCase))
        {
            throw new PlatformException(ErrorKind.UnsupportedMediaType, "upload.content_type_mismatch", $"Send the upload with Content-Type: {query.Type}.");
        }

        if (contentLength > query.MaxBytes)
        {
            throw TooLarge(query.MaxBytes);
        }

        var path = PathOf(container, name);
        var temp = await WriteTempAsync(body, query.MaxBytes, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            throw PlatformException.Conflict("upload.exists", "This upload has already been received.");
        }

        notifications.Publish(new BlobCreated(container, name));
    }

    private async Task<string> WriteTempAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, TempFolder);
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, Guid.NewGuid().ToString("N"));
        try
        {
            await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            // Flushed to the OS, not forced to disk: like the SQLite store (WAL, synchronous=NORMAL), a write survives a crash
            // of the process, not of the machine. An fsync per rendition would cost more than the image work itself.
            await file.FlushAsync(cancellationToken);
            return temp;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private string Sign(string container, string name, long expires, long maxBytes, string contentType)
    {
        var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{container}\n{name}\n{expires}\n{maxBytes}\n{contentType}"));
        return Convert.ToBase64String(HMACSHA256.HashData(signingKey, payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private string PathOf(string container, string name)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid blob name.", nameof(name));
        }

        return Path.Combine([root, CheckContainer(container), .. name.Split('/')]);
    }

    private static string CheckContainer(string container) =>
        IsValidContainer(container) ? container : throw new ArgumentException($"'{container}' is not a valid container name.", nameof(container));

    private static bool IsValidContainer(string container) => ContainerPattern().IsMatch(container);

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= 1024 && name.Split('/').All(s => SegmentPattern().IsMatch(s) && s is not "." and not "..");

    private static PlatformException TooLarge(long maxBytes) =>
        new(ErrorKind.PayloadTooLarge, "upload.too_large", $"This upload URL accepts at most {maxBytes} bytes.");

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])?$")]
    private static partial Regex ContainerPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SegmentPattern();
}

/// <summary>The signed query string of an embedded upload URL.</summary>
public sealed record UploadSlotQuery(long Expires, long MaxBytes, string? Type, string? Signature);
