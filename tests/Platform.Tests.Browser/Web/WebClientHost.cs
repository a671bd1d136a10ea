using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.LocalHost;

namespace Platform.Tests.Web;

/// <summary>
/// The embedded host on a real loopback port (Kestrel), as `dotnet run` serves it: the browser loads the web client and
/// calls the API over TCP, and the host's calls to itself (the payment simulator's webhooks) use the same address.
/// </summary>
public sealed class WebClientHost : WebApplicationFactory<EmbeddedHost>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <param name="settings">Extra host settings (e.g. an identity provider instead of the dev sign-in).</param>
    public WebClientHost(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        Port = FreePort();
        DataPath = Directory.CreateTempSubdirectory("platform-web-").FullName;
        UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
        StartServer();
    }

    public int Port { get; }

    public string DataPath { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    /// <summary>An API client over TCP, signed in through the dev sign-in endpoint as the browser would be.</summary>
    public async Task<HttpClient> ApiAsync(string userId, string[]? roles = null, string[]? brandIds = null)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        using var response = await client.PostAsJsonAsync("/dev/token", new { userId, name = userId, roles, brandIds });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenAnswer>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Platform:Embedded:DataPath", DataPath);
        // The payment simulator's pay links and webhooks point at this host's real address.
        builder.UseSetting("Platform:Payments:Simulator:PublicBaseUrl", BaseUrl.ToString());
        builder.UseSetting("Platform:Payments:Simulator:WebhookUrl", new Uri(BaseUrl, "api/payments/webhook").ToString());
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a background service at exit; the temp folder is cleaned eventually.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record TokenAnswer(string AccessToken);
}
