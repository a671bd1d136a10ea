using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Functions.OpenApi;
using Platform.Functions.Http;
using Platform.Tests.Support;

namespace Platform.Tests.OpenApi;

/// <summary>
/// The OpenAPI document is generated from the function classes, covers every HTTP function the Worker SDK knows, is the
/// same from both hosts, describes the shapes the code uses, and passes an OpenAPI linter (Redocly, tests/openapi).
/// </summary>
public sealed partial class OpenApiDocumentTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task Every_http_function_in_functions_metadata_is_in_the_document()
    {
        var paths = (await DocumentAsync("/openapi/v1.json")).GetProperty("paths");
        var expected = ReadFunctionsMetadata();
        Assert.NotEmpty(expected);

        var missing = expected
            .Where(f => !paths.TryGetProperty(f.Path, out var item) || !item.TryGetProperty(f.Method.ToLowerInvariant(), out _))
            .Select(f => $"{f.Method} {f.Path}")
            .ToList();
        Assert.True(missing.Count == 0, "Not in the OpenAPI document: " + string.Join(", ", missing));

        var described = paths.EnumerateObject().Sum(p => p.Value.EnumerateObject().Count(o => o.Name != "parameters"));
        Assert.Equal(expected.Count, described);
    }

    [Fact]
    public async Task Both_hosts_serve_the_same_document_the_functions_app_generates_at_start()
    {
        using var client = _platform.CreateClient();
        var embedded = await client.GetStringAsync("/openapi/v1.json");
        var function = await client.GetStringAsync("/api/openapi/v1.json");
        var functionsApp = await new OpenApiDocumentSource(typeof(OpenApiFunctions).Assembly, "api").GetJsonAsync();

        Assert.Equal(embedded, function);
        Assert.Equal(embedded, functionsApp);
    }

    [Fact]
    public async Task The_document_is_OpenAPI_3_1_with_bearer_auth_problem_details_and_the_shapes_the_functions_use()
    {
        var document = await DocumentAsync("/openapi/v1.json");
        Assert.StartsWith("3.1.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var components = document.GetProperty("components");
        var bearer = components.GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.True(components.GetProperty("schemas").TryGetProperty("ProblemDetails", out _));
        Assert.True(components.GetProperty("schemas").TryGetProperty("HttpValidationProblemDetails", out _));

        // POST /api/notes: the body it reads, the 201 it creates, and a token required.
        var create = document.GetProperty("paths").GetProperty("/api/notes").GetProperty("post");
        Assert.Equal("CreateNote", create.GetProperty("operationId").GetString());
        Assert.Equal("#/components/schemas/CreateNoteRequest", SchemaRef(create.GetProperty("requestBody")));
        Assert.Equal("#/components/schemas/NoteResponse", SchemaRef(create.GetProperty("responses").GetProperty("201")));
        Assert.Equal("bearer", create.GetProperty("security")[0].EnumerateObject().Single().Name);
        Assert.Equal("#/components/schemas/ProblemDetails",
            create.GetProperty("responses").GetProperty("default").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(create.GetProperty("responses").TryGetProperty("415", out _));

        // PATCH /api/notes/{noteId}: the route value and the If-Match it reads; a stale ETag is a 412.
        var update = document.GetProperty("paths").GetProperty("/api/notes/{noteId}").GetProperty("patch");
        var parameters = update.GetProperty("parameters").EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("in").GetString())).ToList();
        Assert.Contains(("noteId", "path"), parameters);
        Assert.Contains(("If-Match", "header"), parameters);
        Assert.True(update.GetProperty("responses").TryGetProperty("412", out _));

        // GET /api/notes/{noteId}: anonymous or signed in.
        var read = document.GetProperty("paths").GetProperty("/api/notes/{noteId}").GetProperty("get");
        Assert.Equal(2, read.GetProperty("security").GetArrayLength());
        Assert.Empty(read.GetProperty("security")[1].EnumerateObject());

        // Enums are described by name, as the API writes them.
        var visibility = components.GetProperty("schemas").GetProperty("NoteVisibility");
        Assert.Contains("Public", visibility.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Function_contracts_are_read_from_the_code_of_the_functions()
    {
        var functions = HttpFunctionRoutes.Discover(typeof(OpenApiFunctions).Assembly, "api").ToDictionary(f => f.Name);
        FunctionContract Contract(string name) => FunctionContract.Read(name, functions[name].Method);

        var create = Contract("CreateNote");
        Assert.Equal(typeof(Platform.Core.Notes.CreateNoteRequest), create.RequestBody);
        Assert.Equal(CallerRequirement.Required, create.Caller);
        Assert.Equal(new ResponseShape(201, typeof(Platform.Core.Notes.NoteResponse), "application/json"), Assert.Single(create.Responses));

        var delete = Contract("DeleteNote");
        Assert.True(delete.ReadsIfMatch);
        Assert.Equal(204, Assert.Single(delete.Responses).Status);

        var list = Contract("ListUserNotes");
        Assert.Equal(CallerRequirement.Optional, list.Caller);
        Assert.Equal(["pageSize", "continuation"], list.Query.Select(q => q.Name));
        Assert.Equal(typeof(int), list.Query[0].Type);

        var document = Contract("GetOpenApiDocument");
        Assert.Equal(CallerRequirement.None, document.Caller);
        Assert.Null(document.RequestBody);
        Assert.Equal(new ResponseShape(200, typeof(JsonElement), "application/json"), Assert.Single(document.Responses));
    }

    [Fact]
    public async Task The_document_passes_the_Redocly_linter_with_no_error_or_warning()
    {
        var folder = RepoPaths.Of("tests", "openapi");
        await NodeEmulator.EnsureInstalledAsync(folder);
        using var client = _platform.CreateClient();
        await File.WriteAllTextAsync(Path.Combine(folder, "openapi.json"), await client.GetStringAsync("/openapi/v1.json"));

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine("node_modules", ".bin", "redocly"), "lint", "openapi.json", "--config", "redocly.yaml", "--format", "json" })
        {
            start.ArgumentList.Add(argument);
        }

        using var lint = Process.Start(start)!;
        var output = lint.StandardOutput.ReadToEndAsync();
        var errors = lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync();
        var report = JsonDocument.Parse(await output).RootElement;
        var problems = string.Join("\n", report.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()} at {p.GetProperty("location")[0].GetProperty("pointer").GetString()}"));
        Assert.True(lint.ExitCode == 0, $"redocly exited {lint.ExitCode}: {problems}\n{await errors}");
        Assert.True(report.GetProperty("totals").GetProperty("errors").GetInt32() == 0, problems);
        Assert.True(report.GetProperty("totals").GetProperty("warnings").GetInt32() == 0, problems);
    }

    [Fact]
    public async Task The_interactive_reference_is_served_from_the_package_with_nothing_from_elsewhere()
    {
        using var client = _platform.CreateClient();
        using var page = await client.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(AbsoluteUrl(), html);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        using var script = await client.GetAsync("/scalar/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    private async Task<JsonElement> DocumentAsync(string path)
    {
        using var client = _platform.CreateClient();
        return JsonDocument.Parse(await client.GetStringAsync(path)).RootElement.Clone();
    }

    private static string? SchemaRef(JsonElement withContent) =>
        withContent.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();

    // Every HTTP function the Worker SDK wrote into functions.metadata, as OpenAPI paths ("/api/notes/{noteId}").
    private static List<(string Path, string Method)> ReadFunctionsMetadata()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var prefix = HttpFunctionRoutes.ReadRoutePrefix(RepoPaths.Of("host.json"));
        return json.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m =>
                ($"/{prefix}/{RouteConstraint().Replace(b.GetProperty("route").GetString()!, "{$1}")}", m.GetString()!.ToUpperInvariant())))
            .ToList();
    }

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"https?://")]
    private static partial Regex AbsoluteUrl();

    public void Dispose() => _platform.Dispose();
}
