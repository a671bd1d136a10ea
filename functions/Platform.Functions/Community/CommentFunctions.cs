using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Functions.Http;

namespace Platform.Functions.Community;

/// <summary>Comments and replies on a note.</summary>
public sealed class CommentFunctions(CommentService comments)
{
    [Function(nameof(CreateComment))]
    public async Task<Created<CommentView>> CreateComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "notes/{noteId}/comments")] HttpRequest request, string noteId, Caller caller, CancellationToken cancellationToken)
    {
        var created = await comments.CreateAsync(caller, noteId, await request.ReadJsonAsync<CreateCommentRequest>(cancellationToken), cancellationToken);
        return TypedResults.Created($"/api/notes/{noteId}/comments/{created.Id}", created);
    }

    [Function(nameof(ListComments))]
    public async Task<Ok<Page<CommentView>>> ListComments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "notes/{noteId}/comments")] HttpRequest request, string noteId, Caller? caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await comments.ListAsync(noteId, caller, request.QueryInt("pageSize"), request.Query["continuation"], cancellationToken));
    }

    [Function(nameof(ListReplies))]
    public async Task<Ok<Page<CommentView>>> ListReplies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "notes/{noteId}/comments/{commentId}/replies")] HttpRequest request,
        string noteId, string commentId, Caller? caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await comments.ListRepliesAsync(
            noteId, commentId, caller, request.QueryInt("pageSize"), request.Query["continuation"], cancellationToken));
    }

    [Function(nameof(UpdateComment))]
    public async Task<Ok<CommentView>> UpdateComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "notes/{noteId}/comments/{commentId}")] HttpRequest request,
        string noteId, string commentId, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await comments.UpdateAsync(
            caller, noteId, commentId, await request.ReadJsonAsync<UpdateCommentRequest>(cancellationToken), cancellationToken));
    }

    [Function(nameof(DeleteComment))]
    public async Task<NoContent> DeleteComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "notes/{noteId}/comments/{commentId}")] HttpRequest request,
        string noteId, string commentId, Caller caller, CancellationToken cancellationToken)
    {
        await comments.DeleteAsync(caller, noteId, commentId, cancellationToken);
        return TypedResults.NoContent();
    }
}
