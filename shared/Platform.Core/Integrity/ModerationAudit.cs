using System.Text.Json.Serialization;
using Platform.Core.Common;
using Platform.Core.Messaging;
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
    string? Reason) : IOutboxDocument<AuditEntry>
{
    /// <summary>The decision's <c>moderation.decided</c> event until it is sent (the entry's own outbox).</summary>
    public IReadOnlyList<OutgoingMessage> PendingEvents { get; init; } = [];

    /// <inheritdoc/>
    public AuditEntry WithoutPendingEvents() => this with { PendingEvents = [] };
}

/// <summary>
/// Moderation decisions as events on <see cref="Destinations.Events"/> (session = the content's note id), raised by the audit
/// entry that records them, for the author's notifications. Carries no moderator id: authors never learn who decided.
/// </summary>
public static class ModerationEvents
{
    public const string Decided = "moderation.decided";

    internal static OutgoingMessage For(AuditEntry entry) =>
        OutgoingMessage.Create(Destinations.Events, Decided, new ModerationDecided(
                entry.Id, entry.CaseId ?? "", entry.Kind ?? ContentKind.Note, entry.NoteId ?? "", entry.CommentId, entry.SubjectUserId,
                entry.Verdict ?? ModerationVerdict.Approved, entry.Reason, entry.Action == AuditAction.AppealDecision, entry.At),
            sessionId: entry.NoteId, correlationId: entry.CaseId, id: "moderation-" + entry.Id, createdAt: entry.At);
}

/// <summary>Body of <see cref="ModerationEvents.Decided"/>.</summary>
public sealed record ModerationDecided(
    string DecisionId,
    string CaseId,
    ContentKind Kind,
    string NoteId,
    string? CommentId,
    string AuthorId,
    ModerationVerdict Verdict,
    string? Reason,
    bool Appeal,
    DateTimeOffset At);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, string? Continuation);

/// <summary>
/// The audit log, kept in <c>moderation-audit</c> partitioned by subject user id (an account's history is one partition,
/// and erasure rewrites one partition); the moderators' view is a cross-partition query, newest first. Entries are only
/// ever added (erasure replaces the subject's id).
/// </summary>
public sealed class ModerationAuditLog(IDocumentStore store, Outbox outbox, TimeProvider clock)
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
        // A decision about content tells its author (notifications), from the same write that records it.
        if (action is AuditAction.Decision or AuditAction.AppealDecision && about is not null)
        {
            entry = entry with { PendingEvents = [ModerationEvents.For(entry)] };
        }

        var etag = await store.CreateAsync(Collections.ModerationAudit, subjectUserId, entry.Id, entry, cancellationToken);
        return (await outbox.FlushAsync(Collections.ModerationAudit, subjectUserId, entry.Id, new StoredDocument<AuditEntry>(entry, etag), cancellationToken)).Value;
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
        return new AuditPage(page.Items.Select(i => i.Value.WithoutPendingEvents()).ToList(), page.Continuation);
    }
}
