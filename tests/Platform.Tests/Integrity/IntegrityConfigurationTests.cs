using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Platform.Core.Integrity;
using Platform.Tests.Support;
using static Platform.Tests.Notes.NotesApiTests;

namespace Platform.Tests.Integrity;

/// <summary>The banned lexicon from settings and from a file, through the embedded host.</summary>
public sealed class IntegrityConfigurationTests
{
    [Fact]
    public async Task Banned_terms_come_from_settings_and_from_a_file_with_their_outcomes()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("banned-").FullName, "banned.txt");
        await File.WriteAllLinesAsync(file, ["# platform list", "刷单\treject", "互粉"]);
        using var platform = new EmbeddedPlatform(new Dictionary<string, string?>
        {
            ["Platform:Integrity:BannedTermsFile"] = file,
            ["Platform:Integrity:BannedTerms:0"] = "代购",
        });
        var alice = platform.ClientFor("alice");

        var rejected = await AssertProblem(await alice.PostAsJsonAsync("/api/notes", new { title = "兼职", body = "刷·单日结" }), HttpStatusCode.UnprocessableEntity, "integrity.rejected");
        Assert.Equal("刷·单", rejected.GetProperty("findings")[0].GetProperty("matched").GetString());
        var held = await alice.PostAsJsonAsync("/api/notes", new { title = "互粉", body = "可代购" });
        Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        Assert.Contains("\"status\":\"Held\"", await held.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_banned_terms_file_fails_at_start_up()
    {
        using var platform = new EmbeddedPlatform(new Dictionary<string, string?> { ["Platform:Integrity:BannedTermsFile"] = "/no/such/banned.txt" });
        Assert.Throws<OptionsValidationException>(() => platform.CreateClient());
    }
}
