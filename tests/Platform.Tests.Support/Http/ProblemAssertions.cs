using System.Net;
using System.Text.Json;

namespace Platform.Tests.Support;

/// <summary>The one assertion for error answers: RFC 9457 problem details with this status, a stable code and a trace id.</summary>
public static class ProblemAssertions
{
    /// <summary>Asserts <paramref name="response"/> is a problem with <paramref name="status"/> and <paramref name="code"/>; returns its body.</summary>
    public static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("traceId").GetString()), $"The problem has no traceId: {body}");
        return json;
    }
}
