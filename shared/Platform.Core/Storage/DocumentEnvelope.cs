using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Core.Common;

namespace Platform.Core.Storage;

/// <summary>Helpers both document-store adapters share: the id/pk envelope, field-name checks and continuation encoding.</summary>
public static partial class DocumentEnvelope
{
    public const string IdProperty = "id";
    public const string PartitionKeyProperty = "pk";

    /// <summary>The document as JSON with the store's <c>id</c> and <c>pk</c> set.</summary>
    public static JsonObject Wrap<T>(T document, string partitionKey, string id)
    {
        var node = JsonSerializer.SerializeToNode(document, PlatformJson.Options) as JsonObject
            ?? throw new ArgumentException("A document must serialise to a JSON object.", nameof(document));
        node[IdProperty] = id;
        node[PartitionKeyProperty] = partitionKey;
        return node;
    }

    public static T Unwrap<T>(JsonElement json) =>
        json.Deserialize<T>(PlatformJson.Options) ?? throw new JsonException("A stored document was null.");

    public static T Unwrap<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, PlatformJson.Options) ?? throw new JsonException("A stored document was null.");

    public static T Unwrap<T>(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<T>(utf8Json, PlatformJson.Options) ?? throw new JsonException("A stored document was null.");

    /// <summary>Field names are interpolated into queries, so only plain identifiers are allowed.</summary>
    public static string CheckField(string field) =>
        FieldName().IsMatch(field) ? field : throw new ArgumentException($"'{field}' is not a plain property name.", nameof(field));

    public static string EncodeContinuation(string raw) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(raw)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string DecodeContinuation(string token)
    {
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var length)
            ? System.Text.Encoding.UTF8.GetString(buffer, 0, length)
            : throw new InvalidContinuationException();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex FieldName();
}
