namespace Platform.Core.Identity;

/// <summary>Who is calling, as established from a validated access token.</summary>
public sealed record Caller(string UserId, string? DisplayName, IReadOnlySet<string> Roles, IReadOnlySet<string> BrandIds)
{
    /// <summary>When the token was issued (its <c>iat</c>); null when it does not say. Tokens issued before the account was
    /// erased are refused (see <see cref="ErasedAccounts"/>).</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>When the token expires (its <c>exp</c>); null when it does not say.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public bool IsModerator => Roles.Contains(PlatformRoles.Moderator);

    /// <summary>An operator of the platform itself (dead letters, replays), not a content role.</summary>
    public bool IsAdmin => Roles.Contains(PlatformRoles.Admin);

    public bool IsMemberOfBrand(string brandId) => Roles.Contains(PlatformRoles.BrandMember) && BrandIds.Contains(brandId);
}

/// <summary>Role names as they appear in the token's <c>roles</c> claim.</summary>
public static class PlatformRoles
{
    public const string Moderator = "moderator";
    public const string BrandMember = "brand";
    public const string Admin = "admin";
}

/// <summary>Claim names the platform reads from access tokens.</summary>
public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Roles = "roles";

    /// <summary>Ids of the brands (organisations) the caller is a member of.</summary>
    public const string Brands = "brands";
}
