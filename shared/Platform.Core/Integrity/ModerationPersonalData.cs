using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Core.Storage;

namespace Platform.Core.Integrity;

/// <summary>
/// Moderation cases about a user's content in export and erasure. Cases stay (their decisions are the moderators' record);
/// the author's id and the words the rules matched in their text go.
/// </summary>
public sealed class ModerationPersonalData(IDocumentStore store) : IPersonalDataParticipant
{
    /// <inheritdoc/>
    public string Section => "moderation";

    /// <inheritdoc/>
    public async Task<object?> ExportAsync(string userId, CancellationToken cancellationToken) =>
        (await AboutAsync(userId, cancellationToken))
        .Select(c => new ModerationCaseExport(c.Id, c.Kind, c.NoteId, c.CommentId, c.State, c.LastDecision?.ForAuthor()))
        .ToList();

    /// <inheritdoc/>
    public async Task EraseAsync(string userId, CancellationToken cancellationToken)
    {
        foreach (var found in await AboutAsync(userId, cancellationToken))
        {
            await store.UpdateAsync<ModerationCase>(Collections.ModerationCases, found.Id, found.Id, c => c?.AuthorId == userId
                ? c with { AuthorId = ErasedAccounts.Placeholder, Findings = [.. c.Findings.Select(f => f with { Matched = "" })] }
                : null, DocumentUpdates.UntilWritten, cancellationToken);
        }
    }

    private async Task<List<ModerationCase>> AboutAsync(string userId, CancellationToken cancellationToken) =>
        (await Paging.AllAsync<ModerationCase>(store, Collections.ModerationCases,
            new DocumentQuery { Where = [new("authorId", userId)], OrderBy = "openedAt" }, cancellationToken)).Select(d => d.Value).ToList();
}

/// <summary>A case about the user's content, as their export shows it (the decision without the moderator's id).</summary>
public sealed record ModerationCaseExport(string CaseId, ContentKind Kind, string NoteId, string? CommentId, CaseState State, ModerationDecision? LastDecision);
