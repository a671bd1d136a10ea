using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Core.Common;

/// <summary>The one JSON shape used for stored documents, messages and the HTTP API: camelCase properties, enums by name.</summary>
public static class PlatformJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
