using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Community;
using Platform.Core.Identity;

namespace Platform.Core.Notifications;

/// <summary>
/// The inbox routes: a signed-in user reads their own inbox; a brand member reads their brand's (offers answered, orders).
/// Nobody reads another's. Also the user lookup behind @mention autocomplete.
/// </summary>
public sealed class NotificationService(NotificationInbox inbox, UserDirectory directory, IOptions<NotificationOptions> options, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _lookups = new(StringComparer.Ordinal);

    /// <summary>The caller's own inbox, or their brand's when <paramref name="brandId"/> is given (403 unless a member).</summary>
    public static string InboxOf(Caller caller, string? brandId)
    {
        if (brandId is null)
        {
            return caller.UserId;
        }

        if (!caller.IsMemberOfBrand(brandId))
        {
            throw PlatformException.Forbidden("brand.not_member", "Only the brand's members may read its notifications.");
        }

        return NotificationInbox.BrandInbox(brandId);
    }

    public Task<NotificationPage> ListAsync(Caller caller, string? brandId, int? pageSize, string? continuation, bool unreadOnly, CancellationToken cancellationToken) =>
        inbox.ListAsync(InboxOf(caller, brandId), pageSize, continuation, unreadOnly, cancellationToken);

    /// <summary>The unread count and the ETag that changes whenever it may have (the inbox state's version).</summary>
    public async Task<(UnreadCount Count, string ETag)> UnreadAsync(Caller caller, string? brandId, CancellationToken cancellationToken)
    {
        var (unread, version) = await inbox.UnreadAsync(InboxOf(caller, brandId), cancellationToken);
        return (new UnreadCount(unread), $"\"u{version}\"");
    }

    public Task<MarkReadResult> MarkReadAsync(Caller caller, string? brandId, string notificationId, CancellationToken cancellationToken) =>
        inbox.MarkReadAsync(InboxOf(caller, brandId), notificationId, cancellationToken);

    public Task<MarkReadResult> MarkAllReadAsync(Caller caller, string? brandId, CancellationToken cancellationToken) =>
        inbox.MarkAllReadAsync(InboxOf(caller, brandId), cancellationToken);

    /// <summary>Users whose display name starts with <paramref name="prefix"/> (signed in; a fixed window per caller, then 429).</summary>
    public Task<DirectoryPage> LookUpUsersAsync(Caller caller, string? prefix, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        new Validation()
            .Require(!string.IsNullOrWhiteSpace(prefix), "prefix", "users.prefix_required", "Say what the name starts with.")
            .Require((prefix?.Length ?? 0) <= 30, "prefix", "users.prefix_too_long", "A name prefix has at most 30 characters.")
            .ThrowIfInvalid();
        Take(caller.UserId);
        return directory.SearchAsync(prefix!, Math.Clamp(pageSize ?? 10, 1, 20), continuation, cancellationToken);
    }

    private void Take(string userId)
    {
        var window = TimeSpan.FromMinutes(1);
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_lookups.Count > 10_000)
            {
                foreach (var stale in _lookups.Where(w => now - w.Value.Start >= window).Select(w => w.Key).ToList())
                {
                    _lookups.Remove(stale);
                }
            }

            var (start, count) = _lookups.GetValueOrDefault(userId, (now, 0));
            if (now - start >= window)
            {
                (start, count) = (now, 0);
            }

            if (count >= options.Value.UserLookupsPerMinute)
            {
                throw new PlatformException(ErrorKind.RateLimited, "users.rate_limited",
                    $"At most {options.Value.UserLookupsPerMinute} user lookups per minute.") { RetryAfter = start + window - now };
            }

            _lookups[userId] = (start, count + 1);
        }
    }
}
