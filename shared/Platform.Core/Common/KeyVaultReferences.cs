using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Platform.Core.Common;

/// <summary>
/// App Service / Functions hand an unresolved Key Vault reference to the app as its literal text
/// (<c>@Microsoft.KeyVault(SecretUri=...)</c>): no access, a wrong name, a deleted secret. Used as a secret, that text would
/// pass a length check and sign webhooks with a public string, so such values are refused, not used.
/// </summary>
public static class KeyVaultReferences
{
    private const string Prefix = "@Microsoft.KeyVault(";

    public static bool IsUnresolved(string? value) =>
        value is not null && value.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws, naming every setting (never its value) that is still a Key Vault reference.</summary>
    public static void EnsureResolved(IConfiguration configuration)
    {
        var unresolved = configuration.AsEnumerable().Where(s => IsUnresolved(s.Value)).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        if (unresolved.Count > 0)
        {
            throw new InvalidOperationException(
                $"Unresolved Key Vault reference in {string.Join(", ", unresolved)}: the platform could not read the secret " +
                "(check the app identity's Key Vault Secrets User role and the secret's name; the portal shows the reference's status).");
        }
    }
}

/// <summary>Refuses a setting whose value is still an unresolved Key Vault reference (see <see cref="KeyVaultReferences"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ResolvedSecretAttribute : ValidationAttribute
{
    public ResolvedSecretAttribute()
        : base("{0} is an unresolved Key Vault reference: the secret could not be read.")
    {
    }

    public override bool IsValid(object? value) => !KeyVaultReferences.IsUnresolved(value as string);
}
