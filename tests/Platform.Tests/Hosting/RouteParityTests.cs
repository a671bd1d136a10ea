using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Support;

namespace Platform.Tests.Hosting;

/// <summary>The embedded host serves every HTTP function the Worker SDK describes, at the same route and methods.</summary>
public sealed class RouteParityTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public void Every_http_function_in_functions_metadata_is_served_by_the_embedded_host()
    {
        var expected = ReadFunctionsMetadata();
        Assert.NotEmpty(expected);

        var served = _platform.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(m => (Route: e.RoutePattern.RawText!.TrimStart('/'), Method: m.ToUpperInvariant())))
            .ToHashSet();

        var missing = expected.Where(route => !served.Contains(route)).ToList();
        Assert.True(missing.Count == 0, "Not served by the embedded host: " + string.Join(", ", missing));
    }

    private static List<(string Route, string Method)> ReadFunctionsMetadata()
    {
        // The Worker SDK writes functions.metadata into the Functions app's build output; the test output has a copy.
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var prefix = JsonDocument.Parse(File.ReadAllText(RepoPaths.Of("host.json")))
            .RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
        return json.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(b => b.GetProperty("methods").EnumerateArray()
                .Select(m => ($"{prefix}/{b.GetProperty("route").GetString()}", m.GetString()!.ToUpperInvariant())))
            .ToList();
    }

    public void Dispose() => _platform.Dispose();
}
