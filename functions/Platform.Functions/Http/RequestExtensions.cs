using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Core.Common;

namespace Platform.Functions.Http;

public static class RequestExtensions
{
    /// <summary>Largest JSON body the API accepts; media goes straight to storage, never through the API.</summary>
    public const int MaxJsonBodyBytes = 64 * 1024;

    /// <summary>Reads a JSON body, answering oversize, malformed or mistyped input with a 4xx instead of a 500.</summary>
    public static async Task<T> ReadJsonAsync<T>(this HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw new PlatformException(ErrorKind.UnsupportedMediaType, "request.unsupported_media_type", "Send the body as application/json.");
        }

        if (request.ContentLength > MaxJsonBodyBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxJsonBodyBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), PlatformJson.Options)
                ?? throw PlatformException.Invalid("request.body_required", "The request needs a JSON object body.");
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "$" : e.Path.TrimStart('$', '.');
            throw PlatformException.Invalid(field, "request.invalid_json",
                e.Path is null or "$" ? "The body is not valid JSON." : $"'{field}' has the wrong type or format.");
        }
    }

    /// <summary>The entity tag in If-Match without quotes or weak prefix; "*" stays "*".</summary>
    public static string? IfMatch(this HttpRequest request)
    {
        string? value = request.Headers.IfMatch;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim().Replace("W/", "", StringComparison.Ordinal).Trim('"');
    }

    public static void SetETag(this HttpResponse response, string etag) => response.Headers.ETag = $"\"{etag}\"";

    /// <summary>An optional positive integer query parameter (e.g. page size); anything else is a 400.</summary>
    public static int? QueryInt(this HttpRequest request, string name)
    {
        string? raw = request.Query[name];
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw PlatformException.Invalid(name, "request.invalid_query", $"'{name}' must be a positive whole number.");
    }

    /// <summary>An optional non-negative decimal query parameter (e.g. a percentage filter); anything else is a 400.</summary>
    public static double? QueryNumber(this HttpRequest request, string name)
    {
        string? raw = request.Query[name];
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        return double.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw PlatformException.Invalid(name, "request.invalid_query", $"'{name}' must be a non-negative number.");
    }

    /// <summary>The raw body, up to <see cref="MaxJsonBodyBytes"/> (e.g. a webhook whose signature covers the exact bytes).</summary>
    public static async Task<byte[]> ReadBytesAsync(this HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxJsonBodyBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxJsonBodyBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>An optional enum query parameter by name (case-insensitive); anything else is a 400.</summary>
    public static TEnum? QueryEnum<TEnum>(this HttpRequest request, string name)
        where TEnum : struct, Enum
    {
        string? raw = request.Query[name];
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        return Enum.TryParse<TEnum>(raw, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(raw, out _)
            ? value
            : throw PlatformException.Invalid(name, "request.invalid_query", $"'{name}' must be one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");
    }

    private static PlatformException TooLarge() =>
        new(ErrorKind.PayloadTooLarge, "request.too_large", $"The body may be at most {MaxJsonBodyBytes / 1024} KiB.");
}
