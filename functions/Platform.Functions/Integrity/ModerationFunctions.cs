using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Identity;
using Platform.Core.Integrity;
using Platform.Functions.Http;

namespace Platform.Functions.Integrity;

/// <summary>
/// Reports (any signed-in user), appeals and standing (authors), the moderation queue, decisions, audit log and
/// restrictions (moderators), and a dry run of the rules.
/// </summary>
public sealed class ModerationFunctions(ModerationService moderation, AccountStandings standings, IntegrityEngine engine)
{
    [Function(nameof(ReportNote))]
    public async Task<Ok<ReportResult>> ReportNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "notes/{noteId}/reports")] HttpRequest request, string noteId, Caller caller, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<ReportRequest>(cancellationToken);
        return TypedResults.Ok(await moderation.ReportAsync(caller, ContentKind.Note, noteId, null, body, cancellationToken));
    }

    [Function(nameof(ReportComment))]
    public async Task<Ok<ReportResult>> ReportComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "notes/{noteId}/comments/{commentId}/reports")] HttpRequest request,
        string noteId, string commentId, Caller caller, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<ReportRequest>(cancellationToken);
        return TypedResults.Ok(await moderation.ReportAsync(caller, ContentKind.Comment, noteId, commentId, body, cancellationToken));
    }

    [Function(nameof(ListModerationQueue))]
    public async Task<Ok<QueuePage>> ListModerationQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "moderation/cases")] HttpRequest request, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await moderation.ListQueueAsync(caller, request.QueryInt("pageSize"), request.Query["continuation"], cancellationToken));
    }

    [Function(nameof(GetModerationCase))]
    public async Task<Ok<QueueItem>> GetModerationCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "moderation/cases/{caseId}")] HttpRequest request, string caseId, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await moderation.GetCaseAsync(caller, caseId, cancellationToken));
    }

    [Function(nameof(DecideModerationCase))]
    public async Task<Ok<QueueItem>> DecideModerationCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "moderation/cases/{caseId}/decision")] HttpRequest request,
        string caseId, Caller caller, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<DecisionRequest>(cancellationToken);
        return TypedResults.Ok(await moderation.DecideAsync(caller, caseId, body, cancellationToken));
    }

    /// <summary>The author appeals a rejection of their note, once, with a reason; a different moderator decides.</summary>
    [Function(nameof(AppealNote))]
    public async Task<Ok<ModeratedItem>> AppealNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "notes/{noteId}/appeal")] HttpRequest request, string noteId, Caller caller, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<AppealRequest>(cancellationToken);
        return TypedResults.Ok(await moderation.AppealAsync(caller, ContentKind.Note, noteId, null, body, cancellationToken));
    }

    [Function(nameof(AppealComment))]
    public async Task<Ok<ModeratedItem>> AppealComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "notes/{noteId}/comments/{commentId}/appeal")] HttpRequest request,
        string noteId, string commentId, Caller caller, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<AppealRequest>(cancellationToken);
        return TypedResults.Ok(await moderation.AppealAsync(caller, ContentKind.Comment, noteId, commentId, body, cancellationToken));
    }

    /// <summary>The caller's own standing: strikes, and whether (why, until when) their new content is held for review.</summary>
    [Function(nameof(GetMyStanding))]
    public async Task<Ok<StandingView>> GetMyStanding(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/standing")] HttpRequest request, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await standings.ViewAsync(caller.UserId, cancellationToken));
    }

    /// <summary>Every moderation decision, newest first; <c>?caseId=</c> or <c>?userId=</c> narrows it (moderators).</summary>
    [Function(nameof(ListModerationAudit))]
    public async Task<Ok<AuditPage>> ListModerationAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "moderation/audit")] HttpRequest request, Caller caller, CancellationToken cancellationToken)
    {
        string? caseId = request.Query["caseId"];
        string? userId = request.Query["userId"];
        return TypedResults.Ok(await moderation.ListAuditAsync(caller, caseId, userId, request.QueryInt("pageSize"), request.Query["continuation"], cancellationToken));
    }

    [Function(nameof(GetUserStanding))]
    public async Task<Ok<StandingView>> GetUserStanding(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "moderation/users/{userId}/standing")] HttpRequest request,
        string userId, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await moderation.GetStandingAsync(caller, userId, cancellationToken));
    }

    /// <summary>Ends an account's restriction now (moderators); body <c>{"reason": "..."}</c> goes to the audit log.</summary>
    [Function(nameof(LiftRestriction))]
    public async Task<Ok<StandingView>> LiftRestriction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "moderation/users/{userId}/restriction/lift")] HttpRequest request,
        string userId, Caller caller, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<DecisionRequest>(cancellationToken);
        return TypedResults.Ok(await moderation.LiftRestrictionAsync(caller, userId, body, cancellationToken));
    }

    /// <summary>What the rules say about a text, without storing anything (clients warn before posting; drafts are checked).</summary>
    [Function(nameof(CheckContent))]
    public async Task<Ok<IntegrityResult>> CheckContent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "integrity/check")] HttpRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<CheckContentRequest>(cancellationToken);
        var sponsored = body.Sponsored ?? false;
        return TypedResults.Ok(engine.Evaluate(
            [new ContentField("title", body.Title ?? ""), new ContentField("body", body.Body ?? "")],
            new ContentContext(sponsored, sponsored || (body.Commercial ?? false))));
    }
}

/// <summary>Body of <c>POST /api/integrity/check</c>.</summary>
public sealed record CheckContentRequest(string? Title, string? Body, bool? Sponsored = null, bool? Commercial = null);
