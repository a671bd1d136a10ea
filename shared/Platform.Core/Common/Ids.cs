namespace Platform.Core.Common;

public static class Ids
{
    /// <summary>A time-ordered id (UUIDv7, 32 hex characters): unique without coordination and sortable by creation.</summary>
    public static string New() => Guid.CreateVersion7().ToString("N");

    /// <summary>Ids travel in URLs and partition keys: keep them short and free of separators.</summary>
    public static bool IsWellFormed(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
