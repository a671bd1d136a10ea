using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Functions.Http;

namespace Platform.Functions.Community;

/// <summary>Profiles, the following view, and the caller's own data (export, erasure).</summary>
public sealed class ProfileFunctions(ProfileService profiles, FollowingFeed feed, PrivacyService privacy)
{
    [Function(nameof(GetProfile))]
    public async Task<Ok<ProfileView>> GetProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users/{userId}")] HttpRequest request, string userId, Caller? caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await profiles.GetAsync(userId, caller, cancellationToken));
    }

    [Function(nameof(UpdateProfile))]
    public async Task<Ok<ProfileView>> UpdateProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/profile")] HttpRequest request, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await profiles.UpdateAsync(caller, await request.ReadJsonAsync<UpdateProfileRequest>(cancellationToken), cancellationToken));
    }

    [Function(nameof(FollowingNotes))]
    public async Task<Ok<Page<NoteResponse>>> FollowingNotes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/following/notes")] HttpRequest request, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await feed.ReadAsync(caller, request.QueryInt("pageSize"), request.Query["continuation"], cancellationToken));
    }

    [Function(nameof(ExportMyData))]
    public async Task<Ok<AccountExport>> ExportMyData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/export")] HttpRequest request, Caller caller, CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"platform-export-{caller.UserId}.json\"";
        return TypedResults.Ok(await privacy.ExportAsync(caller, cancellationToken));
    }

    [Function(nameof(DeleteMyAccount))]
    public async Task<NoContent> DeleteMyAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "me")] HttpRequest request, Caller caller, CancellationToken cancellationToken)
    {
        await privacy.EraseAsync(caller, cancellationToken);
        return TypedResults.NoContent();
    }
}
