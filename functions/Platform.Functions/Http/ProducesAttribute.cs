using Microsoft.AspNetCore.Http.Metadata;

namespace Platform.Functions.Http;

/// <summary>
/// A success answer whose result type cannot describe itself (a stream, pre-serialized text): its status, body type and
/// content type, for the OpenAPI document. Typed results such as <c>Ok&lt;T&gt;</c> need no attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProducesAttribute(int statusCode, Type type, string contentType) : Attribute, IProducesResponseTypeMetadata
{
    public int StatusCode => statusCode;

    public Type? Type => type;

    public string ContentType => contentType;

    public string? Description => null;

    IEnumerable<string> IProducesResponseTypeMetadata.ContentTypes => [contentType];
}
