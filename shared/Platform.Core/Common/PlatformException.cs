namespace Platform.Core.Common;

/// <summary>What kind of failure an error is; each host maps a kind to one HTTP status.</summary>
public enum ErrorKind
{
    Validation,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    PreconditionFailed,
    PreconditionRequired,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,

    /// <summary>Well-formed but refused by a content rule (integrity, disclosure): the body says which and where.</summary>
    Unprocessable,
    /// <summary>The request was fine but could not be served now (e.g. contention); retry after <c>RetryAfter</c>.</summary>
    Unavailable,
}

/// <summary>
/// An expected failure the caller can act on, with a stable machine-readable code
/// (for example <c>note.title_too_long</c>). Anything else that escapes is a bug and becomes a 500.
/// </summary>
public sealed class PlatformException : Exception
{
    public PlatformException(ErrorKind kind, string code, string message, IReadOnlyDictionary<string, string[]>? fieldErrors = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        FieldErrors = fieldErrors;
    }

    public ErrorKind Kind { get; }

    public string Code { get; }

    /// <summary>For validation failures: field name to messages.</summary>
    public IReadOnlyDictionary<string, string[]>? FieldErrors { get; }

    /// <summary>Extra members for the problem details (e.g. the integrity findings that explain a refusal).</summary>
    public IReadOnlyDictionary<string, object?>? Details { get; init; }

    /// <summary>For rate limits: when the caller may try again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static PlatformException NotFound(string code, string message) => new(ErrorKind.NotFound, code, message);

    public static PlatformException Forbidden(string code, string message) => new(ErrorKind.Forbidden, code, message);

    public static PlatformException Unauthorized(string code, string message) => new(ErrorKind.Unauthorized, code, message);

    public static PlatformException Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);

    public static PlatformException Invalid(string code, string message) => new(ErrorKind.Validation, code, message);

    public static PlatformException Invalid(string field, string code, string message) =>
        new(ErrorKind.Validation, code, message, new Dictionary<string, string[]> { [field] = [message] });
}
