using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Azure.Storage;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Core.Storage;
using Platform.Tests.Support;

namespace Platform.Tests.Storage;

/// <summary>Sharded stock through the Cosmos adapter (point reads, ETag-checked replaces; no transactional batch needed).</summary>
[AdapterUnderTest(typeof(CosmosDocumentStore))]
public sealed class CosmosStockShardingTests(CosmosEmulatorFixture fixture) : StockShardingContract, IClassFixture<CosmosEmulatorFixture>
{
    protected override IDocumentStore Store => fixture.Store;

    [Fact]
    public async Task Each_shard_of_a_hot_sku_is_its_own_logical_partition()
    {
        var ledger = new StockLedger(fixture.Store, Options.Create(new CommerceOptions { StockShards = 4, UnitsPerStockShard = 10 }),
            TimeProvider.System, NullLogger<StockLedger>.Instance);
        var sku = Ids.New();
        await ledger.CreateAsync(new SkuStock { SkuId = sku, ProductId = "p", ShopId = "s", Available = 40 }, default);

        var container = fixture.Client.GetContainer(CosmosEmulatorFixture.Database, CosmosContainers.NameOf(Collections.Stock));
        var keys = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var id = StockLedger.ShardId(sku, i);
            var key = CosmosContainers.PartitionKeyOf(Collections.Stock, id);
            using var item = await container.ReadItemStreamAsync(id, new PartitionKey(key));
            Assert.True(item.IsSuccessStatusCode, $"Shard {i} is not in partition {key}: {item.StatusCode}");
            var document = await JsonDocument.ParseAsync(item.Content);
            Assert.Equal(key, document.RootElement.GetProperty("pk").GetString());
            keys.Add(key);
        }

        Assert.Equal(4, keys.Distinct().Count());
    }
}
