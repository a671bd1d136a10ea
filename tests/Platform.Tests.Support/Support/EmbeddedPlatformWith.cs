using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Platform.Embedded.Identity;
using Platform.LocalHost;

namespace Platform.Tests.Support;

/// <summary>An <see cref="EmbeddedPlatform"/> with extra test services (handlers, failing adapters).</summary>
public sealed class EmbeddedPlatformWith : IDisposable
{
    private readonly EmbeddedPlatform _platform;
    private readonly WebApplicationFactory<EmbeddedHost> _factory;

    public EmbeddedPlatformWith(EmbeddedPlatform platform, Action<IServiceCollection> services)
    {
        _platform = platform;
        _factory = platform.WithWebHostBuilder(b => b.ConfigureTestServices(services));
    }

    public IServiceProvider Services => _factory.Services;

    public HttpClient CreateClient() => _factory.CreateClient();

    public HttpClient ClientFor(string userId, string[]? roles = null, string[]? brandIds = null)
    {
        var client = _factory.CreateClient();
        // Issued by this host, never the inner one: touching the inner factory would start a second host on the same data folder.
        var token = _factory.Services.GetRequiredService<DevTokenIssuer>().Issue(new DevTokenRequest(userId, userId, roles, brandIds)).AccessToken;
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public void Dispose()
    {
        _factory.Dispose();
        _platform.Dispose();
    }
}
