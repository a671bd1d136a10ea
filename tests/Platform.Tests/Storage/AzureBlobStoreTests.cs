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
