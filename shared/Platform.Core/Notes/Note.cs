using System.Text.Json.Serialization;
using Platform.Core.Community;
using Platform.Core.Integrity;
using Platform.Core.Messaging;

namespace Platform.Core.Notes;

/// <summary>A post: a title, a body, #topics, media and tagged products, with its disclosure and moderation state.</summary>
public sealed record Note : IOutboxDocument<Note>
{
    public required string Id { get; init; }

    public required string AuthorId { get; init; }

    public required string Title { get; init; }

    public required string Body { get; init; }

    /// <summary>Explicit topics and those written as #topic in the body, de-duplicated, in order of appearance.</summary>
    public required IReadOnlyList<string> Topics { get; init; }

    public IReadOnlyList<string> MediaIds { get; init; } = [];

    public IReadOnlyList<string> ProductIds { get; init; } = [];

    /// <summary>Paid partnership disclosure: a sponsored note names its partner brand and is labelled as such.</summary>
    public bool Sponsored { get; init; }

    public string? PartnerBrandId { get; init; }

    /// <summary>The text came from a model (a studio draft the creator published): readers see an "AI-assisted" label
    /// (China's 2025 rules on labelling AI-generated content). Set when the note is made; edits never remove it.</summary>
    public bool AiAssisted { get; init; }

    public NoteVisibility Visibility { get; init; } = NoteVisibility.Public;

    public NoteStatus Status { get; init; } = NoteStatus.Published;

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>Why the note is flagged, held or rejected (rule findings, a moderator's decision); null when nothing applies.
    /// Only its author and moderators see it.</summary>
    public ContentModeration? Moderation { get; init; }

    /// <summary>The <c>@name</c>s in the body that resolved to a user (set on every create and edit; clients link them).</summary>
    public IReadOnlyList<Mention> Mentions { get; init; } = [];

    /// <summary>Events of this note's writes not yet known to be sent (its outbox; see <see cref="Outbox"/>).</summary>
    public IReadOnlyList<OutgoingMessage> PendingEvents { get; init; } = [];

    /// <inheritdoc/>
    public Note WithoutPendingEvents() => this with { PendingEvents = [] };

    /// <summary>Whether someone other than the author may see the note.</summary>
    public bool IsVisibleToOthers => Status == NoteStatus.Published && Visibility == NoteVisibility.Public;

    public bool IsVisibleTo(string? userId) =>
        Status != NoteStatus.Deleted && (IsVisibleToOthers || userId == AuthorId);
}

[JsonConverter(typeof(JsonStringEnumConverter<NoteVisibility>))]
public enum NoteVisibility
{
    Public,

    /// <summary>Only the author sees it.</summary>
    Private,
}

[JsonConverter(typeof(JsonStringEnumConverter<NoteStatus>))]
public enum NoteStatus
{
    Published,

    /// <summary>Waiting for a moderator; invisible to others.</summary>
    Held,

    Rejected,

    /// <summary>Soft-deleted by its author: gone from every read.</summary>
    Deleted,
}
