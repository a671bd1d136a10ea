using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Storage;
using Platform.Embedded.Storage;
using Platform.Tests.Support;

namespace Platform.Tests.Storage;

/// <summary>A read-modify-write that loses every race is contention the caller can retry (503), not a bug (500).</summary>
public sealed class StoreContentionTests
{
    [Fact]
    public async Task A_write_that_keeps_losing_the_race_answers_503_with_retry_after()
    {
        using var platform = new EmbeddedPlatform(services: s => s.AddSingleton<IDocumentStore>(
            sp => new AlwaysRacedStore(ActivatorUtilities.CreateInstance<SqliteDocumentStore>(sp), Collections.Brands)));
        var brand = platform.ClientFor("lee", roles: ["brand"], brandIds: ["acme"]);

        var response = await brand.PutAsJsonAsync("/api/brands/acme", new { name = "ACME" });

        await AssertProblem(response, HttpStatusCode.ServiceUnavailable, "storage.contention");
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    // Another writer always gets to the collection's documents first.
    private sealed class AlwaysRacedStore(IDocumentStore inner, string raced) : ForwardingDocumentStore(inner)
    {
        public override Task<string> ReplaceAsync<T>(string collection, string partitionKey, string id, T document, string ifMatch, CancellationToken cancellationToken) =>
            collection == raced ? throw new DocumentPreconditionFailedException(collection, id) : base.ReplaceAsync(collection, partitionKey, id, document, ifMatch, cancellationToken);

        public override Task<string> CreateAsync<T>(string collection, string partitionKey, string id, T document, CancellationToken cancellationToken) =>
            collection == raced ? throw new DocumentConflictException(collection, id) : base.CreateAsync(collection, partitionKey, id, document, cancellationToken);
    }
}
