using Microsoft.Azure.Functions.Worker;
using Platform.Core.Media;

namespace Platform.Functions.Media;

/// <summary>
/// Processes each upload when it lands in the uploads container. Azure: Event Grid delivers BlobCreated (the only blob
/// trigger source on Flex Consumption). Embedded: the host's blob-trigger dispatcher calls this same method.
/// </summary>
public sealed class UploadProcessingFunction(MediaProcessor processor)
{
    /// <param name="upload">The uploaded bytes, as the trigger binds them.</param>
    /// <param name="name">The blob name inside the container: <c>{ownerId}/{mediaId}</c>.</param>
    [Function(nameof(ProcessUpload))]
    public async Task ProcessUpload(
        [BlobTrigger("uploads/{name}", Source = BlobTriggerSource.EventGrid, Connection = "MediaStorage")] Stream upload,
        string name,
        CancellationToken cancellationToken)
    {
        // Failures that are the file's fault end as a rejected media record; anything thrown here is retried by the host.
        await processor.ProcessAsync(name, upload, cancellationToken);
    }
}
