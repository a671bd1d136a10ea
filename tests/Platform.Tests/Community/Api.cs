using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Core.Common;
using Platform.Core.Notes;

namespace Platform.Tests.Community;

/// <summary>Small helpers for the community API tests.</summary>
internal static class Api
{
    public static async Task<NoteResponse> CreateNoteAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/notes", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<NoteResponse>(PlatformJson.Options))!;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var json = await JsonAsync(response, expected);
        return json.Deserialize<T>(PlatformJson.Options)!;
    }

    public static Task<HttpResponseMessage> PutAsync(HttpClient client, string url) => client.PutAsync(url, null);

    public static Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body) });

    public static Task<HttpResponseMessage> PatchNoteAsync(HttpClient client, NoteResponse note, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/notes/{note.Id}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{note.ETag}\""));
        return client.SendAsync(request);
    }
}
