using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Core.Integrity;

/// <summary>The configurable part of the integrity rules; the built-in lists are in <see cref="IntegrityRules"/>.</summary>
public sealed class IntegrityOptions : IValidatableObject
{
    public const string Section = "Platform:Integrity";

    /// <summary>Extra banned words or phrases, matched after normalisation like the built-in lists.</summary>
    public List<string> BannedTerms { get; set; } = [];

    /// <summary>
    /// Optional UTF-8 file of banned terms, one a line; a line may end with a tab and an outcome
    /// (<c>flag</c>, <c>hold</c>, <c>reject</c>); lines starting with '#' are comments. Relative paths are from the working directory.
    /// </summary>
    public string? BannedTermsFile { get; set; }

    /// <summary>What a banned term does when its line does not say.</summary>
    [EnumDataType(typeof(IntegrityOutcome))]
    public IntegrityOutcome BannedTermOutcome { get; set; } = IntegrityOutcome.Hold;

    /// <summary>Extra everyday words that contain a listed term but must not trigger it.</summary>
    public List<string> AllowedTerms { get; set; } = [];

    /// <summary>Link hosts that are not off-platform (the platform's own short links), e.g. "example.com".</summary>
    public List<string> AllowedLinkHosts { get; set; } = [];

    /// <summary>A banned-terms file that is named must exist: checked at start-up, not at the first note.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(BannedTermsFile) && !File.Exists(Path.GetFullPath(BannedTermsFile)))
        {
            yield return new ValidationResult($"The banned terms file '{Path.GetFullPath(BannedTermsFile)}' does not exist.", [nameof(BannedTermsFile)]);
        }
    }
}

/// <summary>Checks <see cref="IntegrityOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class IntegrityOptionsValidator : IValidateOptions<IntegrityOptions>;
