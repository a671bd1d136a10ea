using Platform.Azure.Storage;
using Platform.Core.Storage;

namespace Platform.Tests.Storage;

/// <summary>
/// The Cosmos emulator here cannot run SQL queries, so this pins down the SQL the adapter sends to Azure;
/// the query contract itself runs on SQLite.
/// </summary>
public sealed class CosmosQueryTextTests
{
    [Fact]
    public void Filters_are_parameterised_nulls_match_missing_and_ties_break_on_id()
    {
        var query = CosmosDocumentStore.BuildQuery(new DocumentQuery
        {
            Where = [new("authorId", "alice"), new("deletedAt", null), new("sponsored", true)],
            OrderBy = "createdAt",
            Descending = true,
        });

        Assert.Equal(
            "SELECT * FROM c WHERE c.authorId = @w0 AND (NOT IS_DEFINED(c.deletedAt) OR IS_NULL(c.deletedAt)) AND c.sponsored = @w2 ORDER BY c.createdAt DESC, c.id DESC",
            query.QueryText);
        Assert.Equal([("@w0", (object)"alice"), ("@w2", true)], query.GetQueryParameters().Select(p => (p.Name, p.Value)).ToList());
    }

    [Theory]
    [InlineData("createdAt DESC; DROP")]
    [InlineData("a.b")]
    [InlineData("")]
    public void Field_names_that_are_not_plain_identifiers_are_refused(string field) =>
        Assert.Throws<ArgumentException>(() => CosmosDocumentStore.BuildQuery(new DocumentQuery { OrderBy = field }));
}
