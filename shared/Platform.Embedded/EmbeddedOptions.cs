using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Embedded;

/// <summary>Where the embedded platform keeps its data; everything under this folder survives a restart.</summary>
public sealed class EmbeddedOptions
{
    public const string Section = "Platform:Embedded";

    [Required]
    public string DataPath { get; set; } = ".platform-data";

    public string FullDataPath => Path.GetFullPath(DataPath);
}

/// <summary>Checks <see cref="EmbeddedOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class EmbeddedOptionsValidator : IValidateOptions<EmbeddedOptions>;
