using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Platform.Embedded.Identity;
using Platform.LocalHost;

namespace Platform.Tests.Support;

/// <summary>
/// The embedded host, in process, with its own data folder: what `dotnet run` starts, minus the socket.
/// </summary>
public sealed class EmbeddedPlatform : WebApplicationFactory<EmbeddedHost>
{
    private readonly Dictionary<string, string?> _settings;

    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Replaces services after the platform registered its own (test doubles for ports of other features).</param>
    public EmbeddedPlatform(IDictionary<string, string?>? settings = null, string? dataPath = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        DataPath = dataPath ?? Directory.CreateTempSubdirectory("platform-test-").FullName;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Platform:Embedded:DataPath"] = DataPath,
        };
    }

    public string DataPath { get; }

    /// <summary>
    /// A client whose requests carry a dev token for <paramref name="userId"/>, minted for each request as a signed-in app
    /// refreshes its token: tests that move the platform's clock days ahead keep acting as the same user.
    /// </summary>
    public HttpClient ClientFor(string userId, string[]? roles = null, string[]? brandIds = null) =>
        CreateDefaultClient(new FreshToken(() => TokenFor(userId, roles, brandIds)));

    public string TokenFor(string userId, string[]? roles = null, string[]? brandIds = null) =>
        Services.GetRequiredService<DevTokenIssuer>().Issue(new DevTokenRequest(userId, userId, roles, brandIds)).AccessToken;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
        // Calls the host makes to itself (the payment simulator's webhooks) go to the in-memory server: there is no socket.
        builder.ConfigureServices(services =>
            services.AddHttpClient(PaymentSimulatorEndpoints.LoopbackClient).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler()));
    }
}

/// <summary>Sets a fresh bearer token on every request.</summary>
internal sealed class FreshToken(Func<string> mint) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", mint()); // a test that sets its own keeps it
        return base.SendAsync(request, cancellationToken);
    }
}
