using System.Text.Json;

// The notes to serve: the platform's own answers for the benchmark's note (files the benchmark writes), anonymous and signed
// in (a request with an Authorization header gets the second, unchecked), so both sides send the same JSON.
// The template's defaults (WebApplication.CreateBuilder), as a new minimal API starts.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var anonymous = Load(app.Configuration["NoteJson"]);
var signedIn = app.Configuration["SignedInNoteJson"] is { } file ? Load(file) : anonymous;
app.MapGet("/api/notes/{noteId}", (string noteId, HttpRequest request) =>
    TypedResults.Json(request.Headers.Authorization.Count > 0 ? signedIn : anonymous));
app.Run();

static JsonElement Load(string? file) => file is null
    ? JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["id"] = "note", ["title"] = "露营清单" })
    : JsonDocument.Parse(File.ReadAllBytes(file)).RootElement.Clone();
