using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Core.Notifications;

/// <summary>Inbox paging and the user lookup behind @mention autocomplete.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Platform:Notifications";

    [Range(1, 200)]
    public int MaxPageSize { get; set; } = 50;

    /// <summary>User lookups (<c>GET /api/users?prefix=</c>) per caller per minute, in memory per instance; then 429.</summary>
    [Range(1, 100_000)]
    public int UserLookupsPerMinute { get; set; } = 60;
}

/// <summary>Checks <see cref="NotificationOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class NotificationOptionsValidator : IValidateOptions<NotificationOptions>;
