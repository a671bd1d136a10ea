using Platform.Core.Identity;
using Platform.Core.Notes;

namespace Platform.Core.Community;

/// <summary>Resolves the <c>@name</c>s of a note's body on every create and edit (see <see cref="MentionResolver"/>).</summary>
public sealed class MentionNotePolicy(MentionResolver mentions) : INotePolicy
{
    /// <inheritdoc/>
    public async Task<Note> ApplyAsync(Caller caller, Note proposed, Note? previous, CancellationToken cancellationToken) =>
        previous is not null && previous.Body == proposed.Body
            ? proposed with { Mentions = previous.Mentions }
            : proposed with { Mentions = await mentions.ResolveAsync(proposed.Body, cancellationToken) };
}
