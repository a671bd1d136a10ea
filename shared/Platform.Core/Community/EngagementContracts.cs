namespace Platform.Core.Community;

/// <summary>Liking is idempotent: <see cref="Changed"/> says whether this call changed anything.</summary>
public sealed record LikeResult(bool Liked, bool Changed, long Likes);

/// <summary>Body of <c>PUT /api/notes/{noteId}/collect</c>; no board means the default one.</summary>
public sealed record CollectRequest(string? BoardId = null);

public sealed record CollectResult(bool Collected, bool Changed, string? BoardId, long Collects);

public sealed record FollowResult(bool Following, bool Changed, long Followers);

public sealed record CreateBoardRequest(string? Name, bool? Private = null);

public sealed record UpdateBoardRequest(string? Name = null, bool? Private = null);

public sealed record BoardView(string Id, string Name, bool Private, long Notes, DateTimeOffset CreatedAt);

public sealed record UserSummary(string UserId, string DisplayName, DateTimeOffset Since);

/// <param name="DiscoverableByBrands">False opts out of brands' creator discovery; left out keeps the current setting.</param>
public sealed record UpdateProfileRequest(string? DisplayName = null, string? Bio = null, bool? DiscoverableByBrands = null);

public sealed record ProfileCounts(long Followers, long Following, long LikesReceived, long CollectsReceived);

/// <summary>A profile as others see it; <see cref="FollowedByViewer"/> is null for anonymous readers and oneself.</summary>
/// <param name="DiscoverableByBrands">The creator's discovery setting, shown to themselves only (null for others).</param>
public sealed record ProfileView(string UserId, string DisplayName, string Bio, ProfileCounts Counts, bool? FollowedByViewer, bool? DiscoverableByBrands = null);
