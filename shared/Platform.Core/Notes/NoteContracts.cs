using Platform.Core.Community;
using Platform.Core.Integrity;
using Platform.Core.Media;

namespace Platform.Core.Notes;

/// <summary>Body of <c>POST /api/notes</c>.</summary>
public sealed record CreateNoteRequest(
    string? Title,
    string? Body,
    IReadOnlyList<string>? Topics = null,
    IReadOnlyList<string>? MediaIds = null,
    IReadOnlyList<string>? ProductIds = null,
    bool? Sponsored = null,
    string? PartnerBrandId = null,
    NoteVisibility? Visibility = null);

/// <summary>Body of <c>PATCH /api/notes/{noteId}</c>: a property left out (or null) keeps its value.</summary>
public sealed record UpdateNoteRequest(
    string? Title = null,
    string? Body = null,
    IReadOnlyList<string>? Topics = null,
    IReadOnlyList<string>? MediaIds = null,
    IReadOnlyList<string>? ProductIds = null,
    bool? Sponsored = null,
    string? PartnerBrandId = null,
    NoteVisibility? Visibility = null);

/// <summary>
/// A note as the API shows it, with the ETag to send back in <c>If-Match</c> when editing. <see cref="Moderation"/> is
/// shown to the author only; <see cref="Stats"/> and <see cref="Viewer"/> are filled where a read has them, and
/// <see cref="Media"/> (the note's media the caller may see, in order: renditions, and for a video its poster and MP4s) by
/// <c>GET /api/notes/{noteId}</c>.
/// </summary>
public sealed record NoteResponse(
    string Id,
    string AuthorId,
    string Title,
    string Body,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> MediaIds,
    IReadOnlyList<string> ProductIds,
    bool Sponsored,
    string? PartnerBrandId,
    NoteVisibility Visibility,
    NoteStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string ETag,
    ContentModeration? Moderation = null,
    NoteStats? Stats = null,
    NoteViewerState? Viewer = null,
    bool AiAssisted = false,
    IReadOnlyList<Mention>? Mentions = null,
    IReadOnlyList<MediaResponse>? Media = null)
{
    /// <param name="viewerId">Who reads it: the author also sees the note's moderation state.</param>
    public static NoteResponse From(Note note, string etag, string? viewerId = null) => new(
        note.Id, note.AuthorId, note.Title, note.Body, note.Topics, note.MediaIds, note.ProductIds,
        note.Sponsored, note.PartnerBrandId, note.Visibility, note.Status, note.CreatedAt, note.UpdatedAt, etag,
        viewerId is not null && viewerId == note.AuthorId ? note.Moderation?.ForAuthor() : null, AiAssisted: note.AiAssisted,
        Mentions: note.Mentions);
}

/// <summary>One page of notes, newest first; pass <see cref="Continuation"/> back to get the next.</summary>
public sealed record NotePage(IReadOnlyList<NoteResponse> Items, string? Continuation);
