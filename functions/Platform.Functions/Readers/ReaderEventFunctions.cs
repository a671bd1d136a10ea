using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Identity;
using Platform.Core.Readers;
using Platform.Functions.Http;

namespace Platform.Functions.Readers;

/// <summary>What readers saw and did (impressions, views, product clicks, shares), in batches from the web client.</summary>
public sealed class ReaderEventFunctions(ReaderEventIngestion ingestion)
{
    [Function(nameof(RecordReaderEvents))]
    public async Task<Accepted<ReaderEventsAccepted>> RecordReaderEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events")] HttpRequest request,
        Caller? caller,
        CancellationToken cancellationToken)
    {
        // navigator.sendBeacon posts a string as text/plain (a JSON content type would need a CORS preflight it cannot do).
        if (request.ContentType?.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) == true)
        {
            request.ContentType = "application/json";
        }

        var body = await request.ReadJsonAsync<ReaderEventsRequest>(cancellationToken);
        return TypedResults.Accepted((string?)null, await ingestion.IngestAsync(caller, body, cancellationToken));
    }
}
