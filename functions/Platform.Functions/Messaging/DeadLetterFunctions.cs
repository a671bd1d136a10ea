using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Messaging;
using Platform.Functions.Http;

namespace Platform.Functions.Messaging;

/// <summary>
/// Operators' view of messages that could not be handled: list them with their reasons and put them back. Needs the
/// <c>admin</c> role (not <c>moderator</c>: dead letters hold any message body and replaying re-runs system work, which is
/// operations, not content moderation). Embedded run only; in Azure the dead letters are in each entity's Service Bus
/// dead-letter sub-queue.
/// </summary>
public sealed class DeadLetterFunctions(IEnumerable<IDeadLetterQueue> deadLetterQueues)
{
    private const int MaxPageSize = 100;

    [Function(nameof(ListDeadLetters))]
    public async Task<Ok<DeadLetterPage>> ListDeadLetters(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/dead-letters")] HttpRequest request,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var queue = AdminQueue(caller);
        try
        {
            var limit = Math.Min(request.QueryInt("pageSize") ?? 20, MaxPageSize);
            return TypedResults.Ok(await queue.ListAsync(limit, request.Query["continuation"], cancellationToken));
        }
        catch (Core.Storage.InvalidContinuationException)
        {
            throw PlatformException.Invalid("continuation", "request.invalid_continuation", "The continuation token is not valid.");
        }
    }

    [Function(nameof(ReplayDeadLetter))]
    public async Task<Accepted> ReplayDeadLetter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/dead-letters/{deadLetterId}/replay")] HttpRequest request,
        string deadLetterId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var queue = AdminQueue(caller);
        return await queue.ReplayAsync(deadLetterId, cancellationToken)
            ? TypedResults.Accepted((string?)null)
            : throw PlatformException.NotFound("messaging.dead_letter_not_found", $"There is no dead letter '{deadLetterId}'.");
    }

    private IDeadLetterQueue AdminQueue(Caller caller)
    {
        if (!caller.IsAdmin)
        {
            throw PlatformException.Forbidden("admin.role_required", "Only an administrator may see or replay dead letters.");
        }

        return deadLetterQueues.FirstOrDefault()
            ?? throw PlatformException.NotFound("messaging.dead_letters_not_here",
                "Dead letters are kept by Service Bus here; use Service Bus Explorer on the entity's dead-letter sub-queue.");
    }
}
