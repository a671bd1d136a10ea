using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Tests.Support;

namespace Platform.Tests.Identity;

/// <summary>
/// The host configured for an External ID tenant (as in Azure, but in process): what the web client is told about
/// signing in, and that roles come only from the validated token, never from headers a client adds.
/// </summary>
public sealed class ExternalIdSignInApiTests : IDisposable
{
    private readonly ExternalIdAuthority _tenant = new();
    private readonly EmbeddedPlatform _platform;

    public ExternalIdSignInApiTests() => _platform = new EmbeddedPlatform(_tenant.Settings());

    [Fact]
    public async Task The_web_client_is_told_to_sign_in_at_the_tenant_with_its_own_client_id()
    {
        using var response = await _platform.CreateClient().GetAsync("/api/auth/config");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var config = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("entra", config.GetProperty("mode").GetString());
        Assert.Equal(_tenant.Authority, config.GetProperty("authority").GetString());
        Assert.Equal(ExternalIdAuthority.WebClientId, config.GetProperty("clientId").GetString());
        Assert.Equal([$"api://{ExternalIdAuthority.ApiClientId}/access"], config.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Without_an_identity_provider_the_embedded_host_offers_dev_sign_in()
    {
        using var embedded = new EmbeddedPlatform();
        var config = await embedded.CreateClient().GetFromJsonAsync<JsonElement>("/api/auth/config");

        Assert.Equal("dev", config.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, config.GetProperty("clientId").ValueKind);
    }

    [Fact]
    public async Task A_moderator_app_role_opens_moderation_and_headers_claiming_roles_do_not()
    {
        var moderator = await Get("/api/moderation/cases", _tenant.Token(new Dictionary<string, object> { ["roles"] = new[] { "Moderator" } }));
        Assert.Equal(HttpStatusCode.OK, moderator.StatusCode);

        // A plain user's token, with what App Service Authentication would forward and what a naive API might read.
        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"roles","val":"Moderator"},{"typ":"roles","val":"moderator"}],"name_typ":"name","role_typ":"roles"}"""));
        var user = await Get("/api/moderation/cases", _tenant.Token(), new()
        {
            ["X-MS-CLIENT-PRINCIPAL"] = principal,
            ["X-MS-CLIENT-PRINCIPAL-ID"] = "mod",
            ["X-Roles"] = "moderator",
            ["roles"] = "Moderator",
        });
        await AssertProblem(user, HttpStatusCode.Forbidden, "moderation.moderator_only");
    }

    [Fact]
    public async Task The_signed_in_caller_is_described_with_platform_roles_and_brands_not_app_role_names()
    {
        var token = _tenant.Token(new Dictionary<string, object> { ["roles"] = new[] { "Moderator", "Brand.acme", "Owner" } });

        var me = await (await Get("/api/auth/me", token)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", me.GetProperty("userId").GetString());
        Assert.Equal(["brand", "moderator"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["acme"], me.GetProperty("brandIds").EnumerateArray().Select(r => r.GetString()));
        await AssertProblem(await _platform.CreateClient().GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized, "auth.required");
    }

    [Fact]
    public async Task A_dev_token_is_not_accepted_by_a_host_that_trusts_the_tenant()
    {
        using var embedded = new EmbeddedPlatform();
        var devToken = embedded.TokenFor("mod", ["moderator"]);

        await AssertProblem(await Get("/api/moderation/cases", devToken), HttpStatusCode.Unauthorized, "auth.invalid_token");
    }

    [Fact]
    public async Task Wrong_issuer_and_audience_answer_401_with_their_codes()
    {
        var other = Guid.NewGuid();
        await AssertProblem(await Get("/api/moderation/cases", _tenant.Token(issuer: $"https://{other}.ciamlogin.com/{other}/v2.0")),
            HttpStatusCode.Unauthorized, "auth.invalid_issuer");
        await AssertProblem(await Get("/api/moderation/cases", _tenant.Token(audience: "api://someone-else")),
            HttpStatusCode.Unauthorized, "auth.invalid_audience");
    }

    private async Task<HttpResponseMessage> Get(string path, string token, Dictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _platform.CreateClient().SendAsync(request);
    }

    public void Dispose()
    {
        _platform.Dispose();
        _tenant.Dispose();
    }
}
