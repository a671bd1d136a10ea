using System.Text.Json.Nodes;
using Azure;
using Azure.Core.Pipeline;
using Azure.Search.Documents.Indexes;
using Platform.Azure.Search;
using Platform.Core.Search;
using Platform.Tests.Support;

namespace Platform.Tests.Search;

/// <summary>One fake Azure AI Search service for a test class; each test uses its own index on it.</summary>
public sealed class FakeAzureSearchFixture : IDisposable
{
    public FakeAzureSearchService Service { get; } = new();

    /// <summary>
    /// The adapter as the app builds it, with two test-only differences: a key instead of a managed identity, and trust in
    /// WireMock's self-signed certificate.
    /// </summary>
    public AzureSearchIndex CreateIndex(string indexName)
    {
        var options = AzureSearchIndex.ClientOptions();
        options.Transport = new HttpClientTransport(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        });
        options.Retry.MaxRetries = 0;
        return new AzureSearchIndex(
            new SearchIndexClient(Service.Endpoint, new AzureKeyCredential("test-key"), options),
            new SearchOptions { IndexName = indexName });
    }

    public void Dispose() => Service.Dispose();
}

[AdapterUnderTest(typeof(AzureSearchIndex))]
public sealed class AzureSearchIndexContractTests(FakeAzureSearchFixture fixture) : SearchIndexContract, IClassFixture<FakeAzureSearchFixture>
{
    private readonly AzureSearchIndex _index = fixture.CreateIndex("notes-" + Guid.NewGuid().ToString("N")[..12]);

    protected override ISearchIndex Index => _index;
}
