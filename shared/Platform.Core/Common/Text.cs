using System.Globalization;

namespace Platform.Core.Common;

public static class Text
{
    /// <summary>Length as a reader counts it: user-perceived characters, so an emoji or a CJK character counts once.</summary>
    public static int VisibleLength(string value) => new StringInfo(value).LengthInTextElements;
}
