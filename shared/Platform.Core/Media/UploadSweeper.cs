using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Storage;

namespace Platform.Core.Media;

/// <summary>
/// Processes uploads whose blob event never arrived: anything still in the uploads container after
/// <see cref="MediaOptions.UploadSweepAge"/> (processing deletes an upload when it is done). Event Grid drops an event after
/// its retries, and a processing run can die; the processor is idempotent, so a sweep that races the trigger is harmless.
/// Azure runs it from a timer function, the embedded host from a background loop.
/// </summary>
public sealed class UploadSweeper(IBlobStore blobs, MediaProcessor processor, IOptions<MediaOptions> options, TimeProvider clock, ILogger<UploadSweeper> logger)
{
    /// <returns>How many stale uploads were processed.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.UploadSweepAge;
        var stale = new List<BlobInfo>();
        await foreach (var blob in blobs.ListAsync(BlobContainers.Uploads, "", cancellationToken))
        {
            if (blob.LastModified <= cutoff)
            {
                stale.Add(blob);
            }
        }

        var processed = 0;
        foreach (var blob in stale)
        {
            await using var upload = await blobs.OpenReadAsync(BlobContainers.Uploads, blob.Name, cancellationToken);
            if (upload is null)
            {
                continue; // processed (and deleted) meanwhile
            }

            try
            {
                logger.LogWarning("Upload {UploadName} waited since {LastModified} without being processed; processing it now", blob.Name, blob.LastModified);
                await processor.ProcessAsync(blob.Name, upload, cancellationToken);
                processed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad upload must not stop the sweep of the others; the next sweep tries it again.
                logger.LogError(e, "Sweeping upload {UploadName} failed", blob.Name);
            }
        }

        return processed;
    }
}
