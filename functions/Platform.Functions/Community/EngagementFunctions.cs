using System.Collections.Generic;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Functions.Http;

namespace Platform.Functions.Community;

/// <summary>Likes, collects and boards, follows. PUT does, DELETE undoes; both are idempotent and say whether anything changed.</summary>
public sealed class EngagementFunctions(EngagementService engagement, ProfileService profiles)
{
    [Function(nameof(LikeNote))]
    public async Task<Ok<LikeResult>> LikeNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "notes/{noteId}/like")] HttpRequest request, string noteId, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await engagement.SetLikeAsync(caller, noteId, like: true, cancellationToken));
    }

    [Function(nameof(UnlikeNote))]
    public async Task<Ok<LikeResult>> UnlikeNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "notes/{noteId}/like")] HttpRequest request, string noteId, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await engagement.SetLikeAsync(caller, noteId, like: false, cancellationToken));
    }

    [Function(nameof(CollectNote))]
    public async Task<Ok<CollectResult>> CollectNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "notes/{noteId}/collect")] HttpRequest request, string noteId, Caller caller, CancellationToken cancellationToken)
    {
        var body = request.ContentLength is null or 0 && !request.HasJsonContentType()
            ? new CollectRequest()
            : await request.ReadJsonAsync<CollectRequest>(cancellationToken);
        return TypedResults.Ok(await engagement.CollectAsync(caller, noteId, body, cancellationToken));
    }

    [Function(nameof(UncollectNote))]
    public async Task<Ok<CollectResult>> UncollectNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "notes/{noteId}/collect")] HttpRequest request, string noteId, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await engagement.UncollectAsync(caller, noteId, cancellationToken));
    }

    [Function(nameof(FollowUser))]
    public async Task<Ok<FollowResult>> FollowUser(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "users/{userId}/follow")] HttpRequest request, string userId, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await engagement.SetFollowAsync(caller, userId, follow: true, cancellationToken));
    }

    [Function(nameof(UnfollowUser))]
    public async Task<Ok<FollowResult>> UnfollowUser(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "users/{userId}/follow")] HttpRequest request, string userId, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await engagement.SetFollowAsync(caller, userId, follow: false, cancellationToken));
    }

    [Function(nameof(ListFollowers))]
    public async Task<Ok<Page<UserSummary>>> ListFollowers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users/{userId}/followers")] HttpRequest request, string userId, CancellationToken cancellationToken)
    {
        var page = await engagement.ListFollowersAsync(userId, Math.Clamp(request.QueryInt("pageSize") ?? 20, 1, 50), request.Query["continuation"], cancellationToken);
        var users = await profiles.SummariesAsync(page.Items.Select(f => (f.Value.FollowerId, f.Value.FollowedAt)), cancellationToken);
        return TypedResults.Ok(new Page<UserSummary>(users, page.Continuation));
    }

    [Function(nameof(ListFollowing))]
    public async Task<Ok<Page<UserSummary>>> ListFollowing(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users/{userId}/following")] HttpRequest request, string userId, CancellationToken cancellationToken)
    {
        var page = await engagement.ListFollowingAsync(userId, Math.Clamp(request.QueryInt("pageSize") ?? 20, 1, 50), request.Query["continuation"], cancellationToken);
        var users = await profiles.SummariesAsync(page.Items.Select(f => (f.Value.FolloweeId, f.Value.FollowedAt)), cancellationToken);
        return TypedResults.Ok(new Page<UserSummary>(users, page.Continuation));
    }

    [Function(nameof(ListBoards))]
    public async Task<Ok<IReadOnlyList<BoardView>>> ListBoards(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users/{userId}/boards")] HttpRequest request, string userId, Caller? caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await engagement.ListBoardsAsync(userId, caller, cancellationToken));
    }

    [Function(nameof(ListBoardNotes))]
    public async Task<Ok<Page<NoteResponse>>> ListBoardNotes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users/{userId}/boards/{boardId}/notes")] HttpRequest request,
        string userId, string boardId, Caller? caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await engagement.ListBoardNotesAsync(
            userId, boardId, caller, request.QueryInt("pageSize"), request.Query["continuation"], cancellationToken));
    }

    [Function(nameof(CreateBoard))]
    public async Task<Created<BoardView>> CreateBoard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/boards")] HttpRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var board = await engagement.CreateBoardAsync(caller, await request.ReadJsonAsync<CreateBoardRequest>(cancellationToken), cancellationToken);
        return TypedResults.Created($"/api/users/{caller.UserId}/boards/{board.Id}/notes", board);
    }

    [Function(nameof(UpdateBoard))]
    public async Task<Ok<BoardView>> UpdateBoard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "me/boards/{boardId}")] HttpRequest request, string boardId, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await engagement.UpdateBoardAsync(caller, boardId, await request.ReadJsonAsync<UpdateBoardRequest>(cancellationToken), cancellationToken));
    }

    [Function(nameof(DeleteBoard))]
    public async Task<NoContent> DeleteBoard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "me/boards/{boardId}")] HttpRequest request, string boardId, Caller caller, CancellationToken cancellationToken)
    {
        await engagement.DeleteBoardAsync(caller, boardId, cancellationToken);
        return TypedResults.NoContent();
    }
}
