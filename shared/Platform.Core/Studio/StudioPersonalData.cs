using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Studio;

/// <summary>
/// Draft suggestions a user asked for (as a brand member), changed, or was handed (as a creator), and those grounded in
/// the user's notes. The brand keeps its suggestions; the user's id, the hand-off message addressed to them and the
/// titles of their notes quoted as exemplars go.
/// </summary>
/// <remarks>
/// Hand-offs sit inside the drafts, which a query cannot filter on, so erasure reads every suggestion. Erasure is rare and
/// suggestions are few per brand; a creator index would be the next step if that stops being true.
/// </remarks>
public sealed class StudioPersonalData(IDocumentStore store) : IPersonalDataParticipant
{
    /// <inheritdoc/>
    public string Section => "studio";

    /// <inheritdoc/>
    public async Task<object?> ExportAsync(string userId, CancellationToken cancellationToken)
    {
        var involved = await InvolvingAsync(userId, new HashSet<string>(), cancellationToken);
        return new StudioExport(
            involved.Where(s => s.RequestedBy == userId).Select(s => new RequestedSuggestion(s.BrandId, s.Id, s.CreatedAt, s.Brief)).ToList(),
            involved.SelectMany(s => s.Drafts.Where(d => d.HandedOffTo == userId)
                .Select(d => new HandedOffDraft(s.BrandId, s.Id, d.Id, d.Title, d.Body, d.HandOffMessage, d.ChangedAt))).ToList());
    }

    /// <inheritdoc/>
    public async Task EraseAsync(string userId, CancellationToken cancellationToken)
    {
        // Runs while the user's notes still carry their id (see PrivacyService), so their titles can be recognised.
        var titles = (await Paging.AllAsync<Note>(store, Collections.Notes, new DocumentQuery { Where = [new("authorId", userId)], OrderBy = "createdAt" }, cancellationToken))
            .Select(n => n.Value.Title).Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal);
        foreach (var suggestion in await InvolvingAsync(userId, titles, cancellationToken))
        {
            await store.UpdateAsync<Suggestion>(Collections.Suggestions, suggestion.BrandId, suggestion.Id,
                current => current is not null && Involves(current, userId, titles) ? Anonymise(current, userId, titles) : null,
                DocumentUpdates.UntilWritten, cancellationToken);
        }
    }

    private static Suggestion Anonymise(Suggestion suggestion, string userId, HashSet<string> titles) => suggestion with
    {
        Grounding = suggestion.Grounding is { } g
            ? g with { ExemplarTitles = [.. g.ExemplarTitles.Select(t => titles.Contains(t) ? PersonalData.Placeholder : t)] }
            : null,
        RequestedBy = suggestion.RequestedBy == userId ? ErasedAccounts.Placeholder : suggestion.RequestedBy,
        Drafts = suggestion.Drafts.Select(d => d with
        {
            HandedOffTo = d.HandedOffTo == userId ? ErasedAccounts.Placeholder : d.HandedOffTo,
            HandOffMessage = d.HandedOffTo == userId ? null : d.HandOffMessage,
            ChangedBy = d.ChangedBy == userId ? ErasedAccounts.Placeholder : d.ChangedBy,
        }).ToList(),
    };

    private static bool Involves(Suggestion s, string userId, HashSet<string> titles) =>
        s.RequestedBy == userId || s.Drafts.Any(d => d.HandedOffTo == userId || d.ChangedBy == userId)
        || (s.Grounding?.ExemplarTitles.Any(titles.Contains) ?? false);

    private async Task<List<Suggestion>> InvolvingAsync(string userId, HashSet<string> titles, CancellationToken cancellationToken) =>
        (await Paging.AllAsync<Suggestion>(store, Collections.Suggestions, new DocumentQuery { OrderBy = "createdAt" }, cancellationToken))
        .Select(s => s.Value).Where(s => Involves(s, userId, titles)).ToList();
}

/// <summary>The studio section of an account export.</summary>
public sealed record StudioExport(IReadOnlyList<RequestedSuggestion> Requested, IReadOnlyList<HandedOffDraft> HandedToYou);

public sealed record RequestedSuggestion(string BrandId, string SuggestionId, DateTimeOffset CreatedAt, DraftBrief Brief);

public sealed record HandedOffDraft(string BrandId, string SuggestionId, string DraftId, string Title, string Body, string? Message, DateTimeOffset? HandedOffAt);
