using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Functions;

/// <summary>Which adapters back the ports: everything in-process (the default), or Azure's managed services.</summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";

    [EnumDataType(typeof(PlatformMode))]
    public PlatformMode Mode { get; set; } = PlatformMode.Embedded;
}

public enum PlatformMode
{
    Embedded,
    Azure,
}

/// <summary>Checks <see cref="PlatformOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class PlatformOptionsValidator : IValidateOptions<PlatformOptions>;
