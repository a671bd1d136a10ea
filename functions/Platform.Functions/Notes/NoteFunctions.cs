using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Core.Media;
using Platform.Core.Notes;
using Platform.Functions.Http;

namespace Platform.Functions.Notes;

/// <summary>The notes API: thin bindings from HTTP to <see cref="NoteService"/>.</summary>
public sealed class NoteFunctions(NoteService notes, EngagementService engagement, MediaService media)
{
    [Function(nameof(CreateNote))]
    public async Task<Created<NoteResponse>> CreateNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "notes")] HttpRequest request,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<CreateNoteRequest>(cancellationToken);
        var created = await notes.CreateAsync(caller, body, cancellationToken);
        request.HttpContext.Response.SetETag(created.ETag);
        return TypedResults.Created($"/api/notes/{created.Value.Id}", NoteResponse.From(created.Value, created.ETag, caller.UserId));
    }

    [Function(nameof(GetNote))]
    public async Task<Ok<NoteResponse>> GetNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "notes/{noteId}")] HttpRequest request,
        string noteId,
        Caller? caller,
        CancellationToken cancellationToken)
    {
        var note = await notes.GetAsync(noteId, caller, cancellationToken);
        // The counters and the reader's like and collect are independent point reads: issued together, not one after another.
        var stats = engagement.StatsAsync(note.Value.Id, cancellationToken);
        var viewer = caller is null ? null : engagement.ViewerStateAsync(caller.UserId, note.Value.Id, cancellationToken);
        var mediaItems = media.ListAsync(note.Value.MediaIds, caller, cancellationToken);
        request.HttpContext.Response.SetETag(note.ETag);
        return TypedResults.Ok(NoteResponse.From(note.Value, note.ETag, caller?.UserId) with
        {
            Stats = await stats,
            Viewer = viewer is null ? null : await viewer,
            Media = (await mediaItems).Select(item => global::Platform.Functions.Media.MediaFunctions.Describe(item, media, request)).ToList(),
        });
    }

    [Function(nameof(UpdateNote))]
    public async Task<Ok<NoteResponse>> UpdateNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "notes/{noteId}")] HttpRequest request,
        string noteId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<UpdateNoteRequest>(cancellationToken);
        var updated = await notes.UpdateAsync(caller, noteId, request.IfMatch(), body, cancellationToken);
        request.HttpContext.Response.SetETag(updated.ETag);
        return TypedResults.Ok(NoteResponse.From(updated.Value, updated.ETag, caller.UserId));
    }

    [Function(nameof(DeleteNote))]
    public async Task<NoContent> DeleteNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "notes/{noteId}")] HttpRequest request,
        string noteId,
        Caller caller,
        CancellationToken cancellationToken)
    {
        await notes.DeleteAsync(caller, noteId, request.IfMatch(), cancellationToken);
        return TypedResults.NoContent();
    }

    [Function(nameof(ListUserNotes))]
    public async Task<Ok<NotePage>> ListUserNotes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users/{userId}/notes")] HttpRequest request,
        string userId,
        Caller? caller,
        CancellationToken cancellationToken)
    {
        var page = await notes.ListByAuthorAsync(
            userId, caller, request.QueryInt("pageSize"), request.Query["continuation"], cancellationToken);
        return TypedResults.Ok(page);
    }
}
