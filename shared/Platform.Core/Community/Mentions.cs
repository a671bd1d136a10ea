using System.Text.RegularExpressions;

namespace Platform.Core.Community;

/// <summary>
/// An <c>@name</c> in a text that resolved to a user: where it is (UTF-16 <see cref="Start"/> and <see cref="Length"/> of the
/// <c>@name</c>, in the stored text) and whom it links to. Clients render it as a link to the user's page.
/// </summary>
public sealed record Mention(string UserId, string Name, int Start, int Length);

/// <summary>
/// Finds <c>@name</c>s in a note's or comment's text and resolves each through the <see cref="UserDirectory"/>: a name that
/// exactly one user has links to them; an unknown or shared name stays plain text (there is no way to tell whom it meant).
/// At most <see cref="MaxMentions"/> distinct names per text are resolved.
/// </summary>
public sealed partial class MentionResolver(UserDirectory directory)
{
    public const int MaxMentions = 10;

    // A name runs to white space or punctuation that ends a mention in Chinese or English text.
    [GeneratedRegex(@"@([^\s@#,，。.!！?？:：;；、()（）\[\]【】""“”'‘’<>《》]{1,30})")]
    private static partial Regex MentionPattern();

    public async Task<IReadOnlyList<Mention>> ResolveAsync(string text, CancellationToken cancellationToken)
    {
        var found = MentionPattern().Matches(text);
        if (found.Count == 0)
        {
            return [];
        }

        var names = found.Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).Take(MaxMentions).ToList();
        var resolved = new Dictionary<string, DirectoryEntry>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (await directory.FindExactAsync(name, cancellationToken) is [var only])
            {
                resolved[name] = only;
            }
        }

        return found
            .Where(m => resolved.ContainsKey(m.Groups[1].Value))
            .Select(m => new Mention(resolved[m.Groups[1].Value].UserId, m.Groups[1].Value, m.Index, m.Length))
            .ToList();
    }
}
