using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Core.Storage;

namespace Platform.Core.Integrity;

/// <summary>
/// Moderation cases, audit entries and strikes about a user in export and erasure. Cases and audit entries stay (they are
/// the moderators' record), without the user's id or the words the rules matched in their text; strikes go.
/// </summary>
public sealed class ModerationPersonalData(IDocumentStore store, AccountStandings standings) : IPersonalDataParticipant
{
    /// <inheritdoc/>
    public string Section => "moderation";

    /// <inheritdoc/>
    public async Task<object?> ExportAsync(string userId, CancellationToken cancellationToken) =>
        new ModerationExport(
            (await AboutAsync(userId, cancellationToken))
                .Select(c => new ModerationCaseExport(c.Id, c.Kind, c.NoteId, c.CommentId, c.State, c.LastDecision?.ForAuthor(), c.Appeal?.ForAuthor()))
                .ToList(),
            await standings.ViewAsync(userId, cancellationToken));

    /// <inheritdoc/>
    public async Task EraseAsync(string userId, CancellationToken cancellationToken)
    {
        foreach (var found in await AboutAsync(userId, cancellationToken))
        {
            await store.UpdateAsync<ModerationCase>(Collections.ModerationCases, found.Id, found.Id, c => c?.AuthorId == userId
                ? c with { AuthorId = ErasedAccounts.Placeholder, Findings = [.. c.Findings.Select(f => f with { Matched = "" })] }
                : null, DocumentUpdates.UntilWritten, cancellationToken);
        }

        // The audit partition of the account moves under the placeholder, entry by entry (ids stay, the subject goes).
        foreach (var entry in await Paging.AllAsync<AuditEntry>(store, Collections.ModerationAudit, new DocumentQuery { PartitionKey = userId, OrderBy = "at" }, cancellationToken))
        {
            await store.UpsertAsync(Collections.ModerationAudit, ErasedAccounts.Placeholder, entry.Value.Id,
                entry.Value with { SubjectUserId = ErasedAccounts.Placeholder }, cancellationToken);
            await store.DeleteAsync(Collections.ModerationAudit, userId, entry.Value.Id, null, cancellationToken);
        }

        await standings.DeleteAsync(userId, cancellationToken);
    }

    private async Task<List<ModerationCase>> AboutAsync(string userId, CancellationToken cancellationToken) =>
        (await Paging.AllAsync<ModerationCase>(store, Collections.ModerationCases,
            new DocumentQuery { Where = [new("authorId", userId)], OrderBy = "openedAt" }, cancellationToken)).Select(d => d.Value).ToList();
}

/// <summary>The moderation section of an account export.</summary>
public sealed record ModerationExport(IReadOnlyList<ModerationCaseExport> Cases, StandingView Standing);

/// <summary>A case about the user's content, as their export shows it (decisions without the moderator's id).</summary>
public sealed record ModerationCaseExport(
    string CaseId, ContentKind Kind, string NoteId, string? CommentId, CaseState State, ModerationDecision? LastDecision, ModerationAppeal? Appeal);
