using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Functions.Http;

/// <summary>
/// The one error path of the HTTP API: RFC 9457 problem details with a stable <c>code</c> and the trace id.
/// Both hosts answer every failure through here, so they answer identically.
/// </summary>
public static class Problems
{
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
        ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Every error kind needs a status."),
    };

    public static IResult For(PlatformException error, HttpContext http)
    {
        var status = StatusOf(error.Kind);
        if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }

        if (error.RetryAfter is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var extensions = Extensions(error.Code, http);
        foreach (var (name, value) in error.Details ?? new Dictionary<string, object?>())
        {
            extensions.TryAdd(name, value);
        }

        return error.FieldErrors is { } fields
            ? TypedResults.ValidationProblem(fields, error.Message, extensions: extensions)
            : TypedResults.Problem(error.Message, statusCode: status, extensions: extensions);
    }

    /// <summary>
    /// An expected failure that was not thrown as a <see cref="PlatformException"/>: a read-modify-write that lost every race
    /// for the same document (<c>DocumentUpdates</c> gave up) is contention, not a bug: 503, try again shortly.
    /// </summary>
    public static PlatformException? Expected(Exception exception) => exception switch
    {
        PlatformException error => error,
        DocumentPreconditionFailedException or DocumentConflictException => new PlatformException(
            ErrorKind.Unavailable, "storage.contention", "Too many changes to the same item at once; try again.")
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        },
        _ => null,
    };

    /// <summary>A bug, not the caller's fault: say so without details, and give the trace id to quote.</summary>
    public static IResult Unexpected(HttpContext http) =>
        TypedResults.Problem("An unexpected error occurred. Quote the trace id when reporting it.",
            statusCode: StatusCodes.Status500InternalServerError, extensions: Extensions("internal_error", http));

    /// <summary>A bare status (an unknown route, a method not allowed) as problem details.</summary>
    public static IResult ForStatus(int status, string code, HttpContext http) =>
        TypedResults.Problem(statusCode: status, extensions: Extensions(code, http));

    private static Dictionary<string, object?> Extensions(string code, HttpContext http) => new()
    {
        ["code"] = code,
        ["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier,
    };
}
