using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Integrity;

/// <summary>
/// A creator's handed-off drafts: they open one, may edit it, and publish it. The note keeps the draft's tagged products,
/// is sponsored by the brand (the partnership must still be active), and carries the AI-assisted label when a model wrote
/// the draft, whatever the creator changed: their edits start from the model's text.
/// </summary>
public sealed class CreatorDrafts(PartnershipService partnerships, NoteService notes)
{
    public Task<IReadOnlyList<CreatorDraftView>> ListAsync(Caller caller, CancellationToken cancellationToken) =>
        partnerships.ListDraftsForCreatorAsync(caller.UserId, cancellationToken);

    public async Task<CreatorDraftView> GetAsync(Caller caller, string draftId, CancellationToken cancellationToken)
    {
        var (partnership, draft) = await partnerships.FindDraftAsync(caller.UserId, RequireId(draftId), cancellationToken);
        return new CreatorDraftView(partnership.Id, partnership.BrandId, draft);
    }

    public async Task<StoredDocument<Note>> PublishAsync(Caller caller, string draftId, PublishDraftRequest request, CancellationToken cancellationToken)
    {
        var (partnership, draft) = await partnerships.FindDraftAsync(caller.UserId, RequireId(draftId), cancellationToken);
        if (draft.PublishedNoteId is not null)
        {
            throw new PlatformException(ErrorKind.Conflict, "draft.already_published", $"This draft is already published as note '{draft.PublishedNoteId}'.")
            {
                Details = new Dictionary<string, object?> { ["noteId"] = draft.PublishedNoteId },
            };
        }

        if (!partnership.IsActive)
        {
            throw new PlatformException(ErrorKind.Unprocessable, "sponsorship.no_partnership",
                "The partnership this draft belongs to has ended; it can no longer be published as sponsored.");
        }

        var created = await notes.CreateAsync(caller, new CreateNoteRequest(
            Title: request.Title ?? draft.Title,
            Body: request.Body ?? draft.Body,
            Topics: request.Topics ?? draft.Topics,
            MediaIds: request.MediaIds,
            ProductIds: draft.ProductIds,
            Sponsored: true,
            PartnerBrandId: partnership.BrandId,
            Visibility: request.Visibility), aiAssisted: draft.AiAssisted, cancellationToken);
        await partnerships.MarkPublishedAsync(caller.UserId, partnership.Id, draft.DraftId, created.Value.Id, cancellationToken);
        return created;
    }

    private static string RequireId(string draftId) =>
        Ids.IsWellFormed(draftId) ? draftId : throw PlatformException.NotFound("draft.not_found", $"No draft '{draftId}' was handed off to you.");
}
