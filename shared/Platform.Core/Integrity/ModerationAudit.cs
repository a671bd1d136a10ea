using System.Text.Json.Serialization;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Integrity;

[JsonConverter(typeof(JsonStringEnumConverter<AuditAction>))]
public enum AuditAction
{
    /// <summary>A moderator decided a case.</summary>
    Decision,

    /// <summary>A second moderator decided the author's appeal.</summary>
    AppealDecision,

    /// <summary>A moderator lifted an account's restriction.</summary>
    RestrictionLifted,
}

/// <summary>One entry of the moderation audit log: who decided what, when, under which rules, and why.</summary>
public sealed record AuditEntry(
    string Id,
    AuditAction Action,
    string ModeratorId,
    DateTimeOffset At,
    string? CaseId,
    ContentKind? Kind,
    string? NoteId,
    string? CommentId,
    string SubjectUserId,
    ModerationVerdict? Verdict,
    IReadOnlyList<string> Rules,
    string? Reason);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, string? Continuation);

/// <summary>
/// The audit log, kept in <c>moderation-audit</c> partitioned by subject user id (an account's history is one partition,
/// and erasure rewrites one partition); the moderators' view is a cross-partition query, newest first. Entries are only
/// ever added (erasure replaces the subject's id).
/// </summary>
public sealed class ModerationAuditLog(IDocumentStore store, TimeProvider clock)
{
    public async Task<AuditEntry> RecordAsync(
        AuditAction action, string moderatorId, ModerationCase? about, string subjectUserId, ModerationVerdict? verdict, string? reason,
        CancellationToken cancellationToken)
    {
        var rules = about is null ? [] : about.Findings.Select(f => f.RuleId)
            .Concat(about.ReportReasons.Where(r => r.Value > 0).Select(r => "report:" + r.Key))
            .Distinct(StringComparer.Ordinal).ToList();
        var entry = new AuditEntry(Ids.New(), action, moderatorId, clock.GetUtcNow(), about?.Id, about?.Kind, about?.NoteId, about?.CommentId,
            subjectUserId, verdict, rules, reason);
        await store.CreateAsync(Collections.ModerationAudit, subjectUserId, entry.Id, entry, cancellationToken);
        return entry;
    }

    /// <summary>Newest first; one case's entries when <paramref name="caseId"/> is given, one account's with <paramref name="userId"/>.</summary>
    public async Task<AuditPage> ListAsync(string? caseId, string? userId, int limit, string? continuation, CancellationToken cancellationToken)
    {
        var page = await store.QueryAsync<AuditEntry>(Collections.ModerationAudit, new DocumentQuery
        {
            PartitionKey = userId,
            Where = caseId is null ? [] : [new("caseId", caseId)],
            OrderBy = "at",
            Descending = true,
            Limit = limit,
            Continuation = continuation,
        }, cancellationToken);
        return new AuditPage(page.Items.Select(i => i.Value).ToList(), page.Continuation);
    }
}
