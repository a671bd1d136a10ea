using Platform.Core.Identity;

namespace Platform.Core.Notes;

/// <summary>
/// A rule a note must satisfy before it is stored (media ownership, disclosure, integrity, ...).
/// Policies run in registration order on every create and edit.
/// </summary>
public interface INotePolicy
{
    /// <summary>Returns the note to store (possibly with a changed status), or throws a <c>PlatformException</c>.</summary>
    /// <param name="previous">The stored note when editing; null when creating.</param>
    Task<Note> ApplyAsync(Caller caller, Note proposed, Note? previous, CancellationToken cancellationToken);
}
