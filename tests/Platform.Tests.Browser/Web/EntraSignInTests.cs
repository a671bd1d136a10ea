using System.Text.Json;
using System.Web;
using Microsoft.Playwright;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Web;

/// <summary>
/// With an Entra External ID tenant configured, the web client signs in through MSAL.js: it reads the tenant's metadata and
/// sends the browser to the tenant's /authorize with the authorization-code flow and PKCE (S256). The tenant here is
/// intercepted in the browser (its metadata answered, its /authorize page recorded): the real tenant's sign-in pages, the
/// code exchange and the tokens it issues cannot be reached offline, so this stops at the redirect.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EntraSignInTests(BrowserFixture browser)
{
    private const string TenantId = "5b1f3a1e-7c2d-4f7e-9a4b-2d8c6e0f1a23";
    private const string TenantHost = "platformtest.ciamlogin.com";
    private const string Authority = $"https://{TenantHost}/{TenantId}/v2.0";
    private const string ApiClientId = "3f2a9c4d-8b1e-4d6f-a0c7-95e2b4d1f608";
    private const string WebClientId = "a7c1e5f9-2b4d-4e8a-b6c3-1d9f0e2a4b57";
    private const string ApiScope = $"api://{ApiClientId}/access";

    [Fact]
    public async Task Sign_in_goes_to_the_tenants_authorize_endpoint_with_a_PKCE_S256_code_request()
    {
        using var host = new WebClientHost(new Dictionary<string, string?>
        {
            ["Platform:Auth:Issuer"] = $"https://{TenantId}.ciamlogin.com/{TenantId}/v2.0",
            ["Platform:Auth:Audience"] = ApiClientId,
            ["Platform:Auth:Authority"] = Authority,
            ["Platform:Auth:WebClientId"] = WebClientId,
            ["Platform:Auth:WebScopes"] = ApiScope,
        });
        var msal = await MsalBundleAsync();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseUrl.ToString() });
        context.SetDefaultTimeout(20_000);
        var tenantRequests = new List<string>();
        var authorize = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        await context.RouteAsync("**/vendor/msal/msal-browser.min.js", route => route.FulfillAsync(new() { Path = msal, ContentType = "text/javascript" }));
        await context.RouteAsync($"https://{TenantHost}/**", async route =>
        {
            var url = new Uri(route.Request.Url);
            tenantRequests.Add(url.AbsolutePath);
            if (url.AbsolutePath.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal))
            {
                await route.FulfillAsync(new()
                {
                    ContentType = "application/json",
                    Headers = new Dictionary<string, string> { ["access-control-allow-origin"] = "*" },
                    Body = Metadata(),
                });
            }
            else if (url.AbsolutePath.EndsWith("/oauth2/v2.0/authorize", StringComparison.Ordinal) && route.Request.IsNavigationRequest)
            {
                authorize.TrySetResult(url);
                await route.FulfillAsync(new() { ContentType = "text/html", Body = "<!doctype html><title>tenant</title><h1>Sign in</h1>" });
            }
            else
            {
                await route.FulfillAsync(new() { Status = 404 });
            }
        });
        // Nothing goes to Microsoft's global endpoints (instance discovery): the tenant is a known authority.
        var elsewhere = new List<string>();
        await context.RouteAsync("https://login.microsoftonline.com/**", route => { elsewhere.Add(route.Request.Url); return route.AbortAsync(); });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync("/#/signin?next=/moderation");
        await Expect(page.Locator("#dev-signin")).ToHaveCountAsync(0);
        await page.Locator("#entra-signin").ClickAsync();
        // The browser itself goes there (a top-level navigation, not a script's request).
        var url = await authorize.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal($"/{TenantId}/oauth2/v2.0/authorize", url.AbsolutePath);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["code_challenge"]);
        Assert.Equal(WebClientId, query["client_id"]);
        Assert.Equal(host.BaseUrl.ToString(), query["redirect_uri"]);
        Assert.Contains(ApiScope, query["scope"]!.Split(' '));
        Assert.Contains("openid", query["scope"]!.Split(' '));
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.Contains(tenantRequests, p => p.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal));
        Assert.Empty(elsewhere);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_embedded_run_offers_the_dev_sign_in_and_loads_no_MSAL()
    {
        await using var tab = await browser.OpenAsync();
        var scripts = new List<string>();
        tab.Page.Request += (_, request) => scripts.Add(request.Url);

        await tab.Page.GotoAsync("/#/signin");

        await Expect(tab.Page.Locator("#dev-signin")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#entra-signin")).ToHaveCountAsync(0);
        Assert.DoesNotContain(scripts, u => u.Contains("msal", StringComparison.OrdinalIgnoreCase));
    }

    // MSAL's browser bundle as `npm ci` in functions/web-vendor puts it next to the client (a fresh clone has none yet).
    private static async Task<string> MsalBundleAsync()
    {
        await NodeEmulator.EnsureInstalledAsync(RepoPaths.Of("functions", "web-vendor"));
        var path = RepoPaths.Of("functions", "web", "vendor", "msal", "msal-browser.min.js");
        Assert.True(File.Exists(path), path + " was not installed.");
        return path;
    }

    private static string Metadata() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["issuer"] = $"https://{TenantId}.ciamlogin.com/{TenantId}/v2.0",
        ["authorization_endpoint"] = $"https://{TenantHost}/{TenantId}/oauth2/v2.0/authorize",
        ["token_endpoint"] = $"https://{TenantHost}/{TenantId}/oauth2/v2.0/token",
        ["end_session_endpoint"] = $"https://{TenantHost}/{TenantId}/oauth2/v2.0/logout",
        ["jwks_uri"] = $"https://{TenantHost}/{TenantId}/discovery/v2.0/keys",
        ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
        ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
    });
}
