using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.Tests.Support;

namespace Platform.Tests.LocalHost;

/// <summary>Probe: <c>/dev/token</c> was mapped unconditionally and minted any role (admin too) for anyone who could reach the host.</summary>
public sealed class DevTokenEndpointTests
{
    [Theory]
    [InlineData(null, null, 200)]
    [InlineData("127.0.0.1", null, 200)]
    [InlineData("::1", null, 200)]
    [InlineData("::ffff:127.0.0.1", null, 200)]
    [InlineData("203.0.113.7", null, 403)]
    [InlineData("192.168.1.20", null, 403)]
    [InlineData("127.0.0.1", "203.0.113.7", 403)]
    public async Task Tokens_are_issued_only_to_callers_on_this_machine(string? peer, string? forwardedFor, int expected)
    {
        using var platform = new EmbeddedPlatform();
        var context = await platform.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = peer is null ? null : IPAddress.Parse(peer);
            c.Request.Method = "POST";
            c.Request.Path = "/dev/token";
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"userId":"mallory","roles":["admin"]}"""));
            if (forwardedFor is not null)
            {
                c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }
        });

        Assert.Equal(expected, context.Response.StatusCode);
        if (expected == 403)
        {
            var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
            Assert.Contains("dev.local_only", body);
        }
    }

    [Fact]
    public async Task In_azure_mode_there_is_no_dev_token_endpoint()
    {
        using var platform = new EmbeddedPlatform(new Dictionary<string, string?>
        {
            ["Platform:Mode"] = "Azure",
            ["Platform:Auth:Issuer"] = "https://login.example/tenant/v2.0",
            ["Platform:Auth:Audience"] = "api://platform",
            ["Platform:Auth:Authority"] = "https://login.example/tenant/v2.0/",
            ["Platform:Cosmos:AccountEndpoint"] = "https://platform-test.documents.azure.com:443/",
            ["Platform:Blob:ServiceUri"] = "https://platformtest.blob.core.windows.net/",
            ["Platform:Search:Endpoint"] = "https://platform-test.search.windows.net",
            ["Platform:ServiceBus:FullyQualifiedNamespace"] = "platform-test.servicebus.windows.net",
            ["Platform:Payments:WebhookSecret"] = "test-webhook-secret-0123456789",
        },
        // Only the routes matter here: no start-up work against Azure (the search index initializer would fail the start).
        services: s => s.RemoveAll<IHostedService>());

        using var response = await platform.CreateClient().PostAsync("/dev/token",
            new StringContent("""{"userId":"mallory","roles":["admin"]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
