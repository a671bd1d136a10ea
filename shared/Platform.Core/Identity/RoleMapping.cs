using System.Security.Claims;
using Platform.Core.Common;

namespace Platform.Core.Identity;

/// <summary>
/// Platform roles and brand memberships from a validated token's claims, as <see cref="AuthOptions.RoleMap"/>,
/// <see cref="AuthOptions.BrandRolePrefix"/> and <see cref="AuthOptions.BrandClaim"/> say. Only signed claims reach it (the
/// validator hands it the validated identity), so nothing a client adds to a request or to an unsigned part of a token
/// can grant a role.
/// </summary>
public sealed class RoleMapping
{
    /// <summary>Claim of the app roles assigned to the user (Microsoft Entra: the API registration's app roles).</summary>
    public const string RolesClaim = PlatformClaims.Roles;

    /// <summary>Claim of the security groups the user is in (object ids), when the registration emits it.</summary>
    public const string GroupsClaim = "groups";

    private readonly Dictionary<string, string[]> _roles;
    private readonly string _brandRolePrefix;
    private readonly string _brandClaim;

    public RoleMapping(AuthOptions options)
    {
        _roles = Invert(options.RoleMap, role => role.ToLowerInvariant());
        _brandRolePrefix = options.BrandRolePrefix;
        _brandClaim = options.BrandClaim;
    }

    public (IReadOnlySet<string> Roles, IReadOnlySet<string> BrandIds) Map(ClaimsIdentity identity)
    {
        var granted = identity.FindAll(RolesClaim).Concat(identity.FindAll(GroupsClaim)).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var roles = granted.SelectMany(v => _roles.GetValueOrDefault(v) ?? []).ToHashSet(StringComparer.Ordinal);
        var brands = _brandRolePrefix.Length == 0 ? new HashSet<string>(StringComparer.Ordinal) : identity.FindAll(RolesClaim)
            .Where(c => c.Value.StartsWith(_brandRolePrefix, StringComparison.Ordinal))
            .Select(c => c.Value[_brandRolePrefix.Length..])
            .Where(Ids.IsWellFormed)
            .ToHashSet(StringComparer.Ordinal);
        if (brands.Count > 0)
        {
            roles.Add(PlatformRoles.BrandMember);
        }

        if (!string.IsNullOrEmpty(_brandClaim))
        {
            brands.UnionWith(identity.FindAll(_brandClaim).Select(c => c.Value).Where(Ids.IsWellFormed));
        }

        return (roles, brands);
    }

    // value in the token -> what it grants (a value may grant several). A loop, not GroupBy over tuples: each of LINQ's
    // lookups over a value tuple is compiled on first use, about 15 ms of a cold start's first request.
    private static Dictionary<string, string[]> Invert(Dictionary<string, string> map, Func<string, string> key)
    {
        var grants = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (granted, values) in map)
        {
            var grant = key(granted);
            foreach (var value in AuthOptions.SplitValues(values))
            {
                var list = grants.TryGetValue(value, out var existing) ? existing : grants[value] = [];
                if (!list.Contains(grant, StringComparer.Ordinal))
                {
                    list.Add(grant);
                }
            }
        }

        return grants.ToDictionary(g => g.Key, g => g.Value.ToArray(), StringComparer.Ordinal);
    }
}
