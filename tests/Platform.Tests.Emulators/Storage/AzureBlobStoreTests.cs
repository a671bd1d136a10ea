using System.Globalization;
using Azure.Storage.Blobs;
using Platform.Azure.Storage;
using Platform.Core.Storage;
using Platform.Tests.Support;

namespace Platform.Tests.Storage;

/// <summary>Azurite (npm azurite-blob) with the real Azure.Storage.Blobs SDK and the well-known development account.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's published development account key: public, not a secret.
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private NodeEmulator? _emulator;

    public BlobServiceClient Service { get; private set; } = null!;

    public IBlobStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _emulator = await NodeEmulator.StartAsync("azurite-blob", port =>
            ["--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--skipApiVersionCheck", "--inMemoryPersistence", "--silent", "--disableTelemetry"]);
        Service = new BlobServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};BlobEndpoint=http://127.0.0.1:{_emulator.Port}/devstoreaccount1;");
        // In Azure the containers come from infra/; here the fixture makes them.
        foreach (var container in BlobContainers.All.Append("contract"))
        {
            await Service.GetBlobContainerClient(container).CreateIfNotExistsAsync();
        }

        Store = new AzureBlobStore(Service, TimeProvider.System);
    }

    public Task DisposeAsync()
    {
        _emulator?.Dispose();
        return Task.CompletedTask;
    }
}

[AdapterUnderTest(typeof(AzureBlobStore))]
public sealed class AzureBlobStoreTests(AzuriteFixture fixture) : BlobStoreContract, IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly HttpClient _client = new();

    protected override IBlobStore Store => fixture.Store;

    protected override HttpClient UploadClient => _client;

    [Fact]
    public async Task A_slot_url_is_a_blob_sas_for_create_and_write_only()
    {
        var slot = await Store.CreateUploadSlotAsync(Container, "alice/x", new UploadSlotRequest("image/jpeg", 10, DateTimeOffset.UtcNow.AddMinutes(15)), default);
        var query = System.Web.HttpUtility.ParseQueryString(slot.Url.Query);

        Assert.Equal("b", query["sr"]);
        Assert.Equal("cw", query["sp"]);
        Assert.Equal("BlockBlob", slot.RequiredHeaders["x-ms-blob-type"]);
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>
/// Azurite over HTTPS with OAuth, signed in as an Entra ID identity, as the app is in Azure: no shared key, so upload
/// slots are user delegation SAS URLs signed with a key the service issues to the identity.
/// </summary>
public sealed class AzuriteEntraFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _certificates = Directory.CreateTempSubdirectory("azurite-tls-");
    private NodeEmulator? _emulator;

    public IBlobStore Store { get; private set; } = null!;

    /// <summary>Trusts Azurite's self-signed certificate; only these tests use it.</summary>
    public static HttpClientHandler TrustingHandler() => new()
    {
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    };

    public async Task InitializeAsync()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=127.0.0.1", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(_certificates.FullName, "cert.pem");
        var keyPath = Path.Combine(_certificates.FullName, "key.pem");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());

        _emulator = await NodeEmulator.StartAsync("azurite-blob", port =>
        [
            "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--skipApiVersionCheck",
            "--inMemoryPersistence", "--silent", "--disableTelemetry", "--oauth", "basic", "--cert", certPath, "--key", keyPath,
        ]);
        var service = new BlobServiceClient(
            new Uri($"https://127.0.0.1:{_emulator.Port}/devstoreaccount1"),
            new FakeEntraCredential(),
            new BlobClientOptions { Transport = new global::Azure.Core.Pipeline.HttpClientTransport(TrustingHandler()) });
        foreach (var container in BlobContainers.All.Append("contract"))
        {
            await service.GetBlobContainerClient(container).CreateIfNotExistsAsync();
        }

        Store = new AzureBlobStore(service, TimeProvider.System);
    }

    public Task DisposeAsync()
    {
        _emulator?.Dispose();
        _certificates.Delete(recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>An Entra ID access token for Storage. Azurite's basic OAuth checks issuer, audience and lifetime, not the signature.</summary>
    private sealed class FakeEntraCredential : global::Azure.Core.TokenCredential
    {
        public override global::Azure.Core.AccessToken GetToken(global::Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            var now = DateTimeOffset.UtcNow;
            static string Part(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var claims = string.Create(CultureInfo.InvariantCulture,
                $$"""{"aud":"https://storage.azure.com","iss":"https://sts.windows.net/11111111-1111-1111-1111-111111111111/","iat":{{now.AddMinutes(-5).ToUnixTimeSeconds()}},"nbf":{{now.AddMinutes(-5).ToUnixTimeSeconds()}},"exp":{{now.AddHours(1).ToUnixTimeSeconds()}},"oid":"22222222-2222-2222-2222-222222222222","tid":"11111111-1111-1111-1111-111111111111"}""");
            return new global::Azure.Core.AccessToken($"{Part("""{"alg":"RS256","typ":"JWT"}""")}.{Part(claims)}.c2ln", now.AddHours(1));
        }

        public override ValueTask<global::Azure.Core.AccessToken> GetTokenAsync(global::Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

[AdapterUnderTest(typeof(AzureBlobStore))]
public sealed class AzureBlobStoreUserDelegationTests(AzuriteEntraFixture fixture) : BlobStoreContract, IClassFixture<AzuriteEntraFixture>, IDisposable
{
    private readonly HttpClient _client = new(AzuriteEntraFixture.TrustingHandler());

    protected override IBlobStore Store => fixture.Store;

    protected override HttpClient UploadClient => _client;

    [Fact]
    public async Task A_slot_is_a_user_delegation_sas_over_https()
    {
        var slot = await Store.CreateUploadSlotAsync(Container, "alice/y", new UploadSlotRequest("image/jpeg", 10, DateTimeOffset.UtcNow.AddMinutes(15)), default);
        var query = System.Web.HttpUtility.ParseQueryString(slot.Url.Query);

        Assert.Equal("https", slot.Url.Scheme);
        Assert.Equal("https", query["spr"]);
        Assert.Equal("22222222-2222-2222-2222-222222222222", query["skoid"]); // signed by the identity's delegation key
        Assert.Equal("cw", query["sp"]);
    }

    public void Dispose() => _client.Dispose();
}
