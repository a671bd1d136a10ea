using Platform.Core.Integrity;

namespace Platform.Core.Studio;

/// <summary>
/// The platform's integrity rules engine applied to drafts, as sponsored commercial content (the Advertising Law and the
/// cosmetics rules apply in full). The engine explains each finding; <see cref="BaselineIntegrityRules.SuggestRepair"/>
/// proposes the compliant wording where one is safe. The baseline rules add what the engine does not cover yet (English
/// superlatives and medical claims), where they do not overlap one of its findings.
/// </summary>
public sealed class CommunityIntegrityRules(IntegrityEngine engine) : IDraftIntegrityRules
{
    private static readonly ContentContext Draft = new(Sponsored: true, Commercial: true);

    private readonly BaselineIntegrityRules _baseline = new();

    /// <inheritdoc/>
    public async Task<IReadOnlyList<IntegrityMatch>> CheckAsync(string text, string language, CancellationToken cancellationToken)
    {
        var result = engine.Evaluate("draft", text, Draft);
        var matches = result.Findings
            .Where(f => f.Outcome != IntegrityOutcome.Approve)
            .Select(f => new IntegrityMatch(f.RuleId, f.Matched, f.Start, f.Length, BaselineIntegrityRules.SuggestRepair(f.RuleId, f.Matched)))
            .ToList();
        foreach (var extra in await _baseline.CheckAsync(text, language, cancellationToken))
        {
            if (!matches.Exists(m => extra.Index < m.Index + m.Length && m.Index < extra.Index + extra.Length))
            {
                matches.Add(extra);
            }
        }

        return matches.OrderBy(m => m.Index).ToList();
    }
}
