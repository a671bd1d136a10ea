using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Notes;

namespace Platform.Core.Studio;

/// <summary>
/// Makes a generated (or edited) draft fit to hand to a creator: integrity rules repaired or flagged with the rule that
/// fired, platform limits enforced (title, body, topics, counting #topics in the body as a note would), and the
/// sponsored-brand-content and AI-assisted labels set.
/// </summary>
public sealed partial class DraftPostProcessor(IOptions<NoteLimitsOptions> limits, IDraftIntegrityRules rules)
{
    private const int MaxRepairPasses = 3;

    public async Task<CheckedDraft> ProcessAsync(GeneratedDraft draft, string brandId, string language, CancellationToken cancellationToken)
    {
        var l = limits.Value;
        var findings = new List<DraftFinding>();
        var adjustments = new List<string>();

        var title = await RepairAsync("title", draft.Title.Trim(), language, findings, cancellationToken);
        var body = await RepairAsync("body", draft.Body.Trim(), language, findings, cancellationToken);
        var cover = await RepairAsync("coverImageIdea", draft.CoverImageIdea.Trim(), language, findings, cancellationToken);

        var topics = new List<string>();
        foreach (var raw in draft.Topics.Select(Notes.Topics.Normalize).Where(t => t.Length > 0))
        {
            var topic = Notes.Topics.Normalize(await RepairAsync("topics", raw, language, findings, cancellationToken));
            if (topic.Length == 0 || Text.VisibleLength(topic) > l.TopicMaxLength)
            {
                adjustments.Add($"topic '{raw}' dropped");
                continue;
            }

            if (!topics.Contains(topic, StringComparer.OrdinalIgnoreCase))
            {
                topics.Add(topic);
            }
        }

        if (Text.VisibleLength(title) > l.TitleMaxLength)
        {
            title = Truncate(title, l.TitleMaxLength);
            adjustments.Add($"title cut to {l.TitleMaxLength} characters");
        }

        (body, var bodyCut) = LimitBody(body, l.BodyMaxLength);
        if (bodyCut)
        {
            adjustments.Add($"body cut to {l.BodyMaxLength} characters");
        }

        (topics, body) = LimitTopics(topics, body, l.MaxTopics, adjustments);

        if (title.Length == 0)
        {
            findings.Add(new DraftFinding("title", "note.title_required", "", FindingAction.Flagged, null));
        }

        var compliance = findings.Count == 0 ? DraftCompliance.Compliant
            : findings.Any(f => f.Action == FindingAction.Flagged) ? DraftCompliance.Flagged
            : DraftCompliance.Repaired;
        var labels = new DraftLabels(
            Sponsored: true,
            PartnerBrandId: brandId,
            AiAssisted: true,
            Disclosure: language == Languages.Chinese ? "品牌合作 · AI辅助创作" : "Sponsored brand content · AI-assisted");
        return new CheckedDraft(title, body, topics, cover, draft.WhyItWorks.Trim(), compliance, findings, adjustments, labels);
    }

    // Applies each rule's repair (from the end, so indices hold), then checks again: what still fires is flagged.
    private async Task<string> RepairAsync(string field, string text, string language, List<DraftFinding> findings, CancellationToken cancellationToken)
    {
        for (var pass = 0; pass < MaxRepairPasses; pass++)
        {
            var matches = await rules.CheckAsync(text, language, cancellationToken);
            if (matches.Count == 0)
            {
                return text;
            }

            var repairable = matches.Where(m => m.Repair is not null).ToList();
            var last = pass == MaxRepairPasses - 1 || repairable.Count == 0;
            foreach (var match in matches.Where(m => m.Repair is null || last))
            {
                findings.Add(new DraftFinding(field, match.Rule, match.Matched, FindingAction.Flagged, null));
            }

            if (last)
            {
                return text;
            }

            var end = int.MaxValue;
            foreach (var match in repairable.OrderByDescending(m => m.Index))
            {
                if (match.Index + match.Length > end)
                {
                    continue; // overlaps a later repair; the next pass sees it again
                }

                text = string.Concat(text.AsSpan(0, match.Index), match.Repair, text.AsSpan(match.Index + match.Length));
                end = match.Index;
                findings.Add(new DraftFinding(field, match.Rule, match.Matched, FindingAction.Repaired, match.Repair));
            }

            text = Spaces().Replace(text, " ").Trim();
        }

        return text;
    }

    private static (string Body, bool Cut) LimitBody(string body, int max) =>
        Text.VisibleLength(body) <= max ? (body, false) : (Truncate(body, max - 1) + "…", true);

    // A published note's topics are the explicit ones plus the #topics in its body; both together must fit.
    private static (List<string> Topics, string Body) LimitTopics(List<string> topics, string body, int max, List<string> adjustments)
    {
        var merged = Notes.Topics.Merge(topics, body);
        if (merged.Count <= max)
        {
            return (merged.ToList(), body);
        }

        var kept = merged.Take(max).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var trimmedBody = Hashtag().Replace(body, m => kept.Contains(m.Groups[1].Value) ? m.Value : m.Groups[1].Value);
        adjustments.Add(string.Create(CultureInfo.InvariantCulture, $"topics cut to {max}"));
        return (Notes.Topics.Merge(topics.Where(kept.Contains), trimmedBody).Take(max).ToList(), trimmedBody);
    }

    private static string Truncate(string text, int visible)
    {
        var info = new StringInfo(text);
        return info.LengthInTextElements <= visible ? text : info.SubstringByTextElements(0, visible).TrimEnd();
    }

    [GeneratedRegex(@"#([\p{L}\p{N}_]+)")]
    private static partial Regex Hashtag();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Spaces();
}

/// <summary>A draft after post-processing: within limits, checked, labelled.</summary>
public sealed record CheckedDraft(
    string Title,
    string Body,
    IReadOnlyList<string> Topics,
    string CoverImageIdea,
    string WhyItWorks,
    DraftCompliance Compliance,
    IReadOnlyList<DraftFinding> Findings,
    IReadOnlyList<string> Adjustments,
    DraftLabels Labels);

/// <summary>An integrity rule that fired on a draft: in which field, on what, and whether it was repaired or needs a person.</summary>
public sealed record DraftFinding(string Field, string Rule, string Matched, FindingAction Action, string? Replacement);

public enum FindingAction
{
    Repaired,
    Flagged,
}

public enum DraftCompliance
{
    /// <summary>No rule fired.</summary>
    Compliant,

    /// <summary>Rules fired and every one was repaired.</summary>
    Repaired,

    /// <summary>A rule fired that could not be repaired safely: a person must fix it before hand-off.</summary>
    Flagged,
}

/// <summary>Always set: drafts are sponsored brand content and AI-assisted, and say so.</summary>
public sealed record DraftLabels(bool Sponsored, string PartnerBrandId, bool AiAssisted, string Disclosure);
