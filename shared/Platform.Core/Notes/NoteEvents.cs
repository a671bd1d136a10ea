using Platform.Core.Messaging;

namespace Platform.Core.Notes;

/// <summary>
/// The events a note's writes raise on the <see cref="Destinations.Events"/> topic, with session id = note id.
/// Every event carries the note as it is after the write, so a consumer (the search indexer) needs no read-back; apply
/// an event only if its <see cref="NoteChanged.UpdatedAt"/> is newer than what you have, since retries can reorder them
/// on a subscription without sessions.
/// </summary>
public static class NoteEvents
{
    public const string Created = "note.created";

    public const string Updated = "note.updated";

    /// <summary>Soft-deleted by its author: remove it everywhere.</summary>
    public const string Deleted = "note.deleted";

    internal static OutgoingMessage For(string type, Note note, DateTimeOffset now) =>
        OutgoingMessage.Create(Destinations.Events, type, NoteChanged.From(note), sessionId: note.Id, correlationId: note.Id, createdAt: now);
}

/// <summary>Body of every note event: the note after the write.</summary>
/// <param name="Searchable">Whether others may see it (published and public): index it when true, remove it when false.</param>
public sealed record NoteChanged(
    string NoteId,
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
    bool Searchable,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt,
    IReadOnlyList<string>? MentionedUserIds = null)
{
    public static NoteChanged From(Note note) => new(
        note.Id, note.AuthorId, note.Title, note.Body, note.Topics, note.MediaIds, note.ProductIds, note.Sponsored,
        note.PartnerBrandId, note.Visibility, note.Status, note.IsVisibleToOthers, note.CreatedAt, note.UpdatedAt, note.DeletedAt,
        note.Mentions.Select(m => m.UserId).Distinct(StringComparer.Ordinal).ToList());
}
