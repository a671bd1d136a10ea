using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Core.Notes;

/// <summary>Product limits for notes (shared/README.md, Product rules: Limits), as settings.</summary>
public sealed class NoteLimitsOptions
{
    public const string Section = "Platform:Limits:Notes";

    /// <summary>Titles longer than this are refused (readers are shown the first 20 characters).</summary>
    [Range(1, 1000)]
    public int TitleMaxLength { get; set; } = 100;

    [Range(1, 100_000)]
    public int BodyMaxLength { get; set; } = 1000;

    [Range(0, 100)]
    public int MaxMedia { get; set; } = 18;

    [Range(0, 100)]
    public int MaxTopics { get; set; } = 10;

    [Range(1, 100)]
    public int TopicMaxLength { get; set; } = 30;

    [Range(0, 100)]
    public int MaxProducts { get; set; } = 20;

    /// <summary>Largest page a listing returns, whatever the client asks for.</summary>
    [Range(1, 500)]
    public int MaxPageSize { get; set; } = 50;
}

/// <summary>Checks <see cref="NoteLimitsOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class NoteLimitsOptionsValidator : IValidateOptions<NoteLimitsOptions>;
