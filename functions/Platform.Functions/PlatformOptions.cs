using System.ComponentModel.DataAnnotations;

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
