using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Messaging;
using Platform.Core.Storage;

namespace Platform.Core.Notes;

/// <summary>Creating, reading, editing, deleting and listing notes.</summary>
public sealed class NoteService(
    IDocumentStore store,
    IEnumerable<INotePolicy> policies,
    IOptions<NoteLimitsOptions> limits,
    Outbox outbox,
    TimeProvider clock)
{
    private readonly NoteLimitsOptions _limits = limits.Value;

    public Task<StoredDocument<Note>> CreateAsync(Caller caller, CreateNoteRequest request, CancellationToken cancellationToken) =>
        CreateAsync(caller, request, aiAssisted: false, cancellationToken);

    /// <param name="aiAssisted">Whether the text came from a model (a published studio draft): the note carries the label for good.</param>
    public async Task<StoredDocument<Note>> CreateAsync(Caller caller, CreateNoteRequest request, bool aiAssisted, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var body = request.Body ?? "";
        var note = new Note
        {
            Id = Ids.New(),
            AuthorId = caller.UserId,
            Title = request.Title?.Trim() ?? "",
            Body = body,
            Topics = Topics.Merge(request.Topics ?? [], body),
            MediaIds = request.MediaIds ?? [],
            ProductIds = request.ProductIds ?? [],
            Sponsored = request.Sponsored ?? false,
            PartnerBrandId = request.PartnerBrandId,
            Visibility = request.Visibility ?? NoteVisibility.Public,
            AiAssisted = aiAssisted,
            CreatedAt = now,
            UpdatedAt = now,
        };

        note = await ApplyPoliciesAsync(caller, note, previous: null, cancellationToken);
        // The event is stored with the note in one write, so neither can exist without the other.
        note = note with { PendingEvents = [NoteEvents.For(NoteEvents.Created, note, now)] };
        var etag = await store.CreateAsync(Collections.Notes, note.Id, note.Id, note, cancellationToken);
        return await FlushAsync(new StoredDocument<Note>(note, etag), cancellationToken);
    }

    /// <summary>A note as <paramref name="caller"/> may see it: others' hidden or deleted notes do not exist.</summary>
    public async Task<StoredDocument<Note>> GetAsync(string noteId, Caller? caller, CancellationToken cancellationToken)
    {
        var found = Ids.IsWellFormed(noteId)
            ? await store.FindAsync<Note>(Collections.Notes, noteId, noteId, cancellationToken)
            : null;
        if (found is null || !found.Value.IsVisibleTo(caller?.UserId))
        {
            throw NotFound(noteId);
        }

        return found;
    }

    public async Task<StoredDocument<Note>> UpdateAsync(
        Caller caller, string noteId, string? ifMatch, UpdateNoteRequest request, CancellationToken cancellationToken)
    {
        var current = await GetOwnAsync(caller, noteId, ifMatch, cancellationToken);
        var previous = current.Value;
        var body = request.Body ?? previous.Body;
        var sponsored = request.Sponsored ?? previous.Sponsored;
        var updated = previous with
        {
            Title = request.Title?.Trim() ?? previous.Title,
            Body = body,
            Topics = request.Topics is null && request.Body is null
                ? previous.Topics
                : Topics.Merge(request.Topics ?? [], body),
            MediaIds = request.MediaIds ?? previous.MediaIds,
            ProductIds = request.ProductIds ?? previous.ProductIds,
            Sponsored = sponsored,
            PartnerBrandId = sponsored ? request.PartnerBrandId ?? previous.PartnerBrandId : request.PartnerBrandId,
            Visibility = request.Visibility ?? previous.Visibility,
            UpdatedAt = clock.GetUtcNow(),
        };

        updated = await ApplyPoliciesAsync(caller, updated, previous, cancellationToken);
        updated = WithEvent(updated, NoteEvents.Updated);
        var etag = await ReplaceAsync(updated, current.ETag, cancellationToken);
        return await FlushAsync(new StoredDocument<Note>(updated, etag), cancellationToken);
    }

    /// <summary>Soft delete: the note stays stored (for moderation and the ledger) but is gone from every read.</summary>
    public async Task DeleteAsync(Caller caller, string noteId, string? ifMatch, CancellationToken cancellationToken)
    {
        var current = await GetOwnAsync(caller, noteId, ifMatch ?? "*", cancellationToken);
        var now = clock.GetUtcNow();
        var deleted = WithEvent(current.Value with { Status = NoteStatus.Deleted, DeletedAt = now, UpdatedAt = now }, NoteEvents.Deleted);
        var etag = await ReplaceAsync(deleted, current.ETag, cancellationToken);
        await FlushAsync(new StoredDocument<Note>(deleted, etag), cancellationToken);
    }

    /// <summary>An author's notes, newest first. Others see only what is public and published.</summary>
    public async Task<NotePage> ListByAuthorAsync(
        string authorId, Caller? caller, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(authorId))
        {
            return new NotePage([], null);
        }

        var limit = Math.Clamp(pageSize ?? 20, 1, _limits.MaxPageSize);
        List<FieldEquals> where = [new("authorId", authorId)];
        if (caller?.UserId == authorId)
        {
            where.Add(new("deletedAt", null));
        }
        else
        {
            where.Add(new("status", nameof(NoteStatus.Published)));
            where.Add(new("visibility", nameof(NoteVisibility.Public)));
        }

        try
        {
            var page = await store.QueryAsync<Note>(
                Collections.Notes,
                new DocumentQuery { Where = where, OrderBy = "createdAt", Descending = true, Limit = limit, Continuation = continuation },
                cancellationToken);
            return new NotePage(page.Items.Select(d => NoteResponse.From(d.Value, d.ETag, caller?.UserId)).ToList(), page.Continuation);
        }
        catch (InvalidContinuationException)
        {
            throw PlatformException.Invalid("continuation", "request.invalid_continuation", "The continuation token is not valid.");
        }
    }

    /// <summary>The stored note whatever its status, for moderation, engagement and erasure; never shown to a caller as is.</summary>
    public async Task<StoredDocument<Note>?> FindAsync(string noteId, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(noteId) ? await store.FindAsync<Note>(Collections.Notes, noteId, noteId, cancellationToken) : null;

    /// <summary>
    /// Changes a note outside its author's edit path (a moderator's decision, account erasure), reading it again when a
    /// concurrent write wins. <paramref name="change"/> returns null to leave the note as it is; the result is null when
    /// the note does not exist.
    /// </summary>
    public async Task<StoredDocument<Note>?> ChangeAsync(string noteId, Func<Note, Note?> change, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(noteId))
        {
            return null;
        }

        // Someone else writing first: the change is decided again on what is stored now.
        var update = await store.UpdateAsync<Note>(Collections.Notes, noteId, noteId, current =>
        {
            if (current is null || change(current) is not { } changed)
            {
                return null;
            }

            changed = changed with { UpdatedAt = clock.GetUtcNow() };
            // Search and other consumers learn of the change (held, released, hidden) like of any other write.
            return WithEvent(changed, changed.Status == NoteStatus.Deleted ? NoteEvents.Deleted : NoteEvents.Updated);
        }, DocumentUpdates.UntilWritten, cancellationToken);
        return update.Written is { } written ? await FlushAsync(written, cancellationToken) : update.Before;
    }

    private async Task<StoredDocument<Note>> GetOwnAsync(Caller caller, string noteId, string? ifMatch, CancellationToken cancellationToken)
    {
        var current = await GetAsync(noteId, caller, cancellationToken);
        if (current.Value.AuthorId != caller.UserId)
        {
            throw PlatformException.Forbidden("note.not_author", "Only the author may change this note.");
        }

        if (ifMatch is null)
        {
            throw new PlatformException(ErrorKind.PreconditionRequired, "note.if_match_required",
                "Send the note's ETag in If-Match so a concurrent edit is not overwritten.");
        }

        if (ifMatch != "*" && ifMatch != current.ETag)
        {
            throw StaleETag();
        }

        return current;
    }

    private async Task<string> ReplaceAsync(Note note, string etag, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ReplaceAsync(Collections.Notes, note.Id, note.Id, note, etag, cancellationToken);
        }
        catch (Exception e) when (e is DocumentPreconditionFailedException or DocumentMissingException)
        {
            throw StaleETag();
        }
    }

    // Events still pending from an earlier write stay: the relay has not sent them yet.
    private Note WithEvent(Note note, string type) =>
        note with { PendingEvents = [.. note.PendingEvents, NoteEvents.For(type, note, clock.GetUtcNow())] };

    private Task<StoredDocument<Note>> FlushAsync(StoredDocument<Note> written, CancellationToken cancellationToken) =>
        outbox.FlushAsync(Collections.Notes, written.Value.Id, written.Value.Id, written, cancellationToken);

    private async Task<Note> ApplyPoliciesAsync(Caller caller, Note note, Note? previous, CancellationToken cancellationToken)
    {
        NoteValidation.Validate(note, _limits);
        foreach (var policy in policies)
        {
            note = await policy.ApplyAsync(caller, note, previous, cancellationToken);
        }

        return note;
    }

    private static PlatformException NotFound(string noteId) =>
        PlatformException.NotFound("note.not_found", $"Note '{noteId}' does not exist.");

    private static PlatformException StaleETag() =>
        new(ErrorKind.PreconditionFailed, "note.etag_mismatch", "The note was changed since you read it; read it again and retry.");
}
