using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Core.Notifications;
using Platform.Functions.Http;

namespace Platform.Functions.Notifications;

/// <summary>
/// The caller's inbox (<c>me/notifications</c>) and, for brand members, their brand's (<c>brands/{brandId}/notifications</c>):
/// list, unread count (an ETag, and 304 to a matching If-None-Match, so polling costs one point read and no body), mark read.
/// Plus the user lookup behind @mention autocomplete.
/// </summary>
public sealed class NotificationFunctions(NotificationService notifications)
{
    [Function(nameof(ListMyNotifications))]
    public async Task<Ok<NotificationPage>> ListMyNotifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/notifications")] HttpRequest request, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(await notifications.ListAsync(caller, null, request.QueryInt("pageSize"), request.Query["continuation"], UnreadOnly(request), cancellationToken));

    [Function(nameof(MyUnreadNotificationCount))]
    [Produces(StatusCodes.Status304NotModified, typeof(void), "application/json")]
    public async Task<Results<Ok<UnreadCount>, StatusCodeHttpResult>> MyUnreadNotificationCount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/notifications/unread-count")] HttpRequest request, Caller caller, CancellationToken cancellationToken) =>
        Unread(request, await notifications.UnreadAsync(caller, null, cancellationToken));

    [Function(nameof(MarkMyNotificationRead))]
    public async Task<Ok<MarkReadResult>> MarkMyNotificationRead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/notifications/{notificationId}/read")] HttpRequest request,
        string notificationId, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(await notifications.MarkReadAsync(caller, null, notificationId, cancellationToken));

    [Function(nameof(MarkAllMyNotificationsRead))]
    public async Task<Ok<MarkReadResult>> MarkAllMyNotificationsRead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/notifications/read-all")] HttpRequest request, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(await notifications.MarkAllReadAsync(caller, null, cancellationToken));

    [Function(nameof(ListBrandNotifications))]
    public async Task<Ok<NotificationPage>> ListBrandNotifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/notifications")] HttpRequest request,
        string brandId, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(await notifications.ListAsync(caller, brandId, request.QueryInt("pageSize"), request.Query["continuation"], UnreadOnly(request), cancellationToken));

    [Function(nameof(BrandUnreadNotificationCount))]
    [Produces(StatusCodes.Status304NotModified, typeof(void), "application/json")]
    public async Task<Results<Ok<UnreadCount>, StatusCodeHttpResult>> BrandUnreadNotificationCount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "brands/{brandId}/notifications/unread-count")] HttpRequest request,
        string brandId, Caller caller, CancellationToken cancellationToken) =>
        Unread(request, await notifications.UnreadAsync(caller, brandId, cancellationToken));

    [Function(nameof(MarkBrandNotificationRead))]
    public async Task<Ok<MarkReadResult>> MarkBrandNotificationRead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "brands/{brandId}/notifications/{notificationId}/read")] HttpRequest request,
        string brandId, string notificationId, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(await notifications.MarkReadAsync(caller, brandId, notificationId, cancellationToken));

    [Function(nameof(MarkAllBrandNotificationsRead))]
    public async Task<Ok<MarkReadResult>> MarkAllBrandNotificationsRead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "brands/{brandId}/notifications/read-all")] HttpRequest request,
        string brandId, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(await notifications.MarkAllReadAsync(caller, brandId, cancellationToken));

    [Function(nameof(LookUpUsers))]
    public async Task<Ok<DirectoryPage>> LookUpUsers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users")] HttpRequest request, Caller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(await notifications.LookUpUsersAsync(caller, request.Query["prefix"], request.QueryInt("pageSize"), request.Query["continuation"], cancellationToken));

    private static bool UnreadOnly(HttpRequest request) => string.Equals(request.Query["unread"], "true", StringComparison.OrdinalIgnoreCase);

    private static Results<Ok<UnreadCount>, StatusCodeHttpResult> Unread(HttpRequest request, (UnreadCount Count, string ETag) unread)
    {
        var response = request.HttpContext.Response;
        response.Headers.ETag = unread.ETag;
        // Revalidate every time: the answer is cheap and must never be stale.
        response.Headers.CacheControl = "private, no-cache";
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        return ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == unread.ETag || t == "W/" + unread.ETag || t == "*")
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(unread.Count);
    }
}
