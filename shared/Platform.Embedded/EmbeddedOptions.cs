using System.ComponentModel.DataAnnotations;

namespace Platform.Embedded;

/// <summary>Where the embedded platform keeps its data; everything under this folder survives a restart.</summary>
public sealed class EmbeddedOptions
{
    public const string Section = "Platform:Embedded";

    [Required]
    public string DataPath { get; set; } = ".platform-data";

    public string FullDataPath => Path.GetFullPath(DataPath);
}
