using System.Globalization;

namespace Platform.Core.Common;

public static class Text
{
    /// <summary>
    /// Code points a text may carry per character of its limit. An emoji sequence is several code points (a family is 7),
    /// so four on average leaves room for real text while a letter with 10,000 combining accents no longer counts as one.
    /// </summary>
    public const int MaxCodePointsPerCharacter = 4;

    /// <summary>Length as a reader counts it: user-perceived characters, so an emoji or a CJK character counts once.</summary>
    public static int VisibleLength(string value) => new StringInfo(value).LengthInTextElements;

    /// <summary>
    /// Whether a text fits a limit of <paramref name="maxCharacters"/> characters: at most that many as a reader counts them,
    /// and at most <see cref="MaxCodePointsPerCharacter"/> times that many code points, so stacked marks cannot make a long
    /// text look short. Use this, not <see cref="VisibleLength"/>, to check input.
    /// </summary>
    public static bool FitsWithin(string value, int maxCharacters)
    {
        var maxCodePoints = (long)maxCharacters * MaxCodePointsPerCharacter;
        // A UTF-16 string has at least half as many code points as chars: a long one is refused before it is walked.
        if (value.Length > maxCodePoints * 2)
        {
            return false;
        }

        var codePoints = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            if (++codePoints > maxCodePoints)
            {
                return false;
            }
        }

        return VisibleLength(value) <= maxCharacters;
    }
}
