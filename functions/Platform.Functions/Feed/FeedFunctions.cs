using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Feed;
using Platform.Core.Identity;
using Platform.Functions.Http;

namespace Platform.Functions.Feed;

/// <summary>The "For you" feed: personal when signed in, fresh and popular by topic otherwise; "not interested" tunes it.</summary>
public sealed class FeedFunctions(FeedService feed)
{
    [Function(nameof(ReadFeed))]
    public async Task<Ok<FeedPage>> ReadFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "feed")] HttpRequest request, Caller? caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await feed.ReadAsync(caller, request.QueryInt("pageSize"), request.Query["continuation"], cancellationToken));
    }

    [Function(nameof(NotInterested))]
    public async Task<Ok<NotInterestedResult>> NotInterested(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "feed/not-interested")] HttpRequest request, Caller caller, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await feed.NotInterestedAsync(caller, await request.ReadJsonAsync<NotInterestedRequest>(cancellationToken), cancellationToken));
    }
}
