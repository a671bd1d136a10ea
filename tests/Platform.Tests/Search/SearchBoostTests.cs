using System.ComponentModel.DataAnnotations;
using Azure;
using Azure.Core.Pipeline;
using Azure.Search.Documents.Indexes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Azure.Search;
using Platform.Core.Search;

namespace Platform.Tests.Search;

/// <summary>
/// Azure AI Search refuses a scoring function whose boost is exactly 1.0. The settings are validated the same way, and a
/// refused index definition stops the start-up with the service's answer instead of a log line.
/// </summary>
public sealed class SearchBoostTests(FakeAzureSearchFixture fixture) : IClassFixture<FakeAzureSearchFixture>
{
    [Theory]
    [InlineData(1.0, 1.5)]
    [InlineData(2.0, 1.0)]
    [InlineData(0.5, 1.5)]
    public void A_boost_the_service_would_refuse_fails_validation(double popularity, double freshness)
    {
        var options = new SearchOptions { PopularityBoost = popularity, FreshnessBoost = freshness };

        var errors = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains("1.0", Assert.Single(errors).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_boosts_are_valid()
    {
        var options = new SearchOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    [Fact]
    public async Task A_refused_index_definition_fails_start_up_with_the_service_answer()
    {
        var options = new SearchOptions { IndexName = "boost-" + Guid.NewGuid().ToString("N")[..8], PopularityBoost = 1.0, Endpoint = fixture.Service.Endpoint };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Initializer(options).StartAsync(default));

        Assert.Contains(options.IndexName, error.Message, StringComparison.Ordinal);
        Assert.Contains("other than 1.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_definition_is_accepted()
    {
        var options = new SearchOptions { IndexName = "boost-" + Guid.NewGuid().ToString("N")[..8], Endpoint = fixture.Service.Endpoint };

        await Initializer(options).StartAsync(default);
    }

    private AzureSearchIndexInitializer Initializer(SearchOptions options)
    {
        var clientOptions = AzureSearchIndex.ClientOptions();
        clientOptions.Transport = new HttpClientTransport(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        });
        clientOptions.Retry.MaxRetries = 0;
        var index = new AzureSearchIndex(new SearchIndexClient(fixture.Service.Endpoint, new AzureKeyCredential("test-key"), clientOptions), options);
        return new AzureSearchIndexInitializer(index, Options.Create(options), NullLogger<AzureSearchIndexInitializer>.Instance);
    }
}
