namespace Platform.Core.Studio;

/// <summary>
/// The integrity rules a draft must pass (absolute terms, medical claims, contact details). The community feature's
/// rule engine implements it; <see cref="BaselineIntegrityRules"/> stands in until it is wired.
/// </summary>
public interface IDraftIntegrityRules
{
    /// <summary>Every rule that fires on <paramref name="text"/>, with where, and how to repair it when there is a safe way.</summary>
    Task<IReadOnlyList<IntegrityMatch>> CheckAsync(string text, string language, CancellationToken cancellationToken);
}

/// <summary>A rule that fired on <see cref="Matched"/> at <see cref="Index"/>; <see cref="Repair"/> replaces it ("" deletes), null means no safe repair.</summary>
public sealed record IntegrityMatch(string Rule, string Matched, int Index, int Length, string? Repair);
