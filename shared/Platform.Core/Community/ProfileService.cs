using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Integrity;
using Platform.Core.Storage;

namespace Platform.Core.Community;

/// <summary>Profiles: a display name and a bio, with the counts people see.</summary>
public sealed class ProfileService(
    IDocumentStore store, CounterStore counters, EngagementService engagement, IntegrityEngine engine, UserDirectory directory,
    IOptions<CommunityOptions> options, TimeProvider clock)
{
    private readonly CommunityOptions _options = options.Value;

    public async Task<ProfileView> GetAsync(string userId, Caller? caller, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(userId))
        {
            throw PlatformException.NotFound("user.not_found", $"User '{userId}' does not exist.");
        }

        var profile = await FindAsync(userId, cancellationToken);
        var counts = await counters.ReadAsync(Subjects.User(userId), cancellationToken);
        bool? follows = caller is null || caller.UserId == userId ? null : await engagement.IsFollowingAsync(caller.UserId, userId, cancellationToken);
        return new ProfileView(userId, profile?.DisplayName ?? userId, profile?.Bio ?? "",
            new ProfileCounts(
                counts.GetValueOrDefault(CounterNames.Followers), counts.GetValueOrDefault(CounterNames.Following),
                counts.GetValueOrDefault(CounterNames.LikesReceived), counts.GetValueOrDefault(CounterNames.CollectsReceived)),
            follows,
            caller?.UserId == userId ? profile?.DiscoverableByBrands ?? true : null);
    }

    public async Task<ProfileView> UpdateAsync(Caller caller, UpdateProfileRequest request, CancellationToken cancellationToken)
    {
        var current = await FindAsync(caller.UserId, cancellationToken);
        var name = request.DisplayName?.Trim() ?? current?.DisplayName ?? caller.DisplayName ?? caller.UserId;
        var bio = request.Bio?.Trim() ?? current?.Bio ?? "";
        new Validation()
            .Require(name.Length > 0, "displayName", "profile.name_required", "A display name is needed.")
            .Require(Text.FitsWithin(name, _options.DisplayNameMaxLength), "displayName", "profile.name_too_long",
                $"A display name may have at most {_options.DisplayNameMaxLength} characters.")
            .Require(Text.FitsWithin(bio, _options.BioMaxLength), "bio", "profile.bio_too_long",
                $"A bio may have at most {_options.BioMaxLength} characters.")
            .ThrowIfInvalid();

        // A profile is not queued for review: anything the rules would hold (contact details in a bio, a lure) is refused.
        var result = engine.Evaluate([new ContentField("displayName", name), new ContentField("bio", bio)], ContentContext.Personal);
        if (result.Outcome >= IntegrityOutcome.Hold)
        {
            throw IntegrityErrors.Rejected("profile", result);
        }

        await store.UpsertAsync(Collections.Profiles, caller.UserId, caller.UserId, new Profile(caller.UserId, name, bio, clock.GetUtcNow(), request.DiscoverableByBrands ?? current?.DiscoverableByBrands ?? true), cancellationToken);
        // After the profile: a crash in between leaves a name nobody can @ yet, never a directory entry without a profile.
        await directory.SetAsync(caller.UserId, current?.DisplayName, name, cancellationToken);
        return await GetAsync(caller.UserId, caller, cancellationToken);
    }

    public async Task<Profile?> FindAsync(string userId, CancellationToken cancellationToken) =>
        (await store.FindAsync<Profile>(Collections.Profiles, userId, userId, cancellationToken))?.Value;

    /// <summary>Display names for a list of users (their id when they never set one).</summary>
    public async Task<IReadOnlyList<UserSummary>> SummariesAsync(IEnumerable<(string UserId, DateTimeOffset Since)> users, CancellationToken cancellationToken)
    {
        var list = users.ToList();
        var profiles = await Task.WhenAll(list.Select(u => FindAsync(u.UserId, cancellationToken)));
        return list.Zip(profiles).Select(p => new UserSummary(p.First.UserId, p.Second?.DisplayName ?? p.First.UserId, p.First.Since)).ToList();
    }
}
