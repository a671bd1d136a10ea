using System.Net;
using System.Text.RegularExpressions;
using Platform.Tests.Support;

namespace Platform.Tests.Web;

/// <summary>The web client's files: served by the embedded host, self-contained, and translated in full.</summary>
public sealed partial class WebClientFilesTests : IDisposable
{
    private static readonly string ClientRoot = RepoPaths.Of("functions", "web");
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task The_embedded_host_serves_the_client_at_the_root_with_a_strict_content_security_policy()
    {
        using var client = _platform.CreateClient();
        using var index = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("<script type=\"module\" src=\"js/app.js\"></script>", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var policy = index.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);

        foreach (var file in ClientFiles())
        {
            using var response = await client.GetAsync("/" + Path.GetRelativePath(ClientRoot, file).Replace('\\', '/'));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {response.StatusCode}");
        }

        using var module = await client.GetAsync("/js/app.js");
        Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_api_and_its_problem_details_are_not_shadowed_by_the_client()
    {
        using var client = _platform.CreateClient();
        using var missing = await client.GetAsync("/api/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void Every_asset_is_local_no_file_loads_anything_from_another_origin()
    {
        var offenders = ClientFiles()
            .Where(f => !f.EndsWith(".svg", StringComparison.Ordinal))
            .SelectMany(f => ExternalReference().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .ToList();
        Assert.True(offenders.Count == 0, "External references: " + string.Join("; ", offenders));
    }

    [Fact]
    public void Every_string_the_client_uses_exists_in_Chinese_and_English()
    {
        var dictionaries = File.ReadAllText(Path.Combine(ClientRoot, "js", "i18n.js"));
        var zh = Keys(Section(dictionaries, "zh:", "en:"));
        var en = Keys(Section(dictionaries, "en:", "};\n\nconst LANG_KEY"));
        Assert.NotEmpty(zh);
        Assert.Equal(zh.Order(StringComparer.Ordinal), en.Order(StringComparer.Ordinal));

        var used = ClientFiles().Where(f => f.EndsWith(".js", StringComparison.Ordinal))
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(used.Count > 100, $"only {used.Count} literal keys found: is the pattern still right?");
        var missing = used.Where(k => !zh.Contains(k)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Missing strings: " + string.Join(", ", missing));

        // Keys built at run time (t(`orderStatus.${status}`)) need every value the API can send.
        foreach (var (prefix, values) in DynamicKeys)
        {
            foreach (var value in values)
            {
                Assert.True(zh.Contains(prefix + value), $"Missing string {prefix}{value}");
            }
        }
    }

    private static readonly (string Prefix, string[] Values)[] DynamicKeys =
    [
        ("orderStatus.", ["PendingPayment", "Paid", "Fulfilling", "Shipped", "Delivered", "Completed", "Cancelled", "RefundRequested", "Refunded"]),
        ("orderAction.", ["Cancel", "Ship", "Deliver", "Complete", "RequestRefund", "ApproveRefund", "RejectRefund"]),
        ("note.status.", ["Published", "Held", "Rejected", "Deleted"]),
        ("upload.", ["Uploading", "Processing", "Ready", "Rejected", "Failed"]),
        ("suggestionStatus.", ["Queued", "Running", "Succeeded", "Failed"]),
        ("compliance.", ["Compliant", "Repaired", "Flagged"]),
        ("findingAction.", ["Repaired", "Flagged"]),
        ("draftState.", ["Proposed", "Edited", "Discarded", "HandedOff"]),
        ("mod.heldFor.", ["Rules", "Reports", "Resubmitted", "Restricted"]),
        ("mod.kind.", ["Note", "Comment"]),
        ("mod.action.", ["Decision", "AppealDecision", "RestrictionLifted"]),
        ("mod.", ["Approved", "Rejected"]),
        ("search.sort.", ["relevance", "latest", "popular"]),
        ("role.", ["moderator", "brand"]),
        ("note.", ["likeOn", "likeOff", "collectOn", "collectOff", "like", "collect"]),
        ("address.", ["recipientName", "phone", "line1", "line2", "city", "region", "postalCode", "country"]),
        ("why.", ["LikedTopic", "ReadTopic", "FollowedCreator", "FamiliarCreator", "SimilarReaders", "NewCreator", "NewNote", "PopularInTopic", "Popular", "New"]),
        ("metric.", ["views", "likes", "collects", "comments", "productClicks", "orders", "revenue"]),
        ("offerState.", ["Offered", "Active", "Declined", "Ended"]),
        ("compensation.", ["Fee", "Commission", "Gifted"]),
        ("compensationType.", ["Fee", "Commission", "Gifted"]),
    ];

    // The client's own files; vendor/ is installed by npm (functions/web-vendor, git-ignored), possibly while this runs.
    private static IEnumerable<string> ClientFiles() =>
        Directory.EnumerateFiles(ClientRoot, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(ClientRoot, f).Replace('\\', '/').StartsWith("vendor/", StringComparison.Ordinal));

    private static string Section(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        return text[from..to];
    }

    private static HashSet<string> Keys(string section) =>
        DictionaryKey().Matches(section).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("""^\s*"([\w.]+)":""", RegexOptions.Multiline)]
    private static partial Regex DictionaryKey();

    // t("key") and t("key", {...}) with a literal key.
    [GeneratedRegex("""\bt\(\s*"([\w.]+)"\s*[,)]""")]
    private static partial Regex LiteralKey();

    // A URL to another origin where something is loaded from: src/href attributes, CSS url(), module imports.
    [GeneratedRegex("""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|from\s+["'](?:https?:)?//|import\(\s*["'](?:https?:)?//""")]
    private static partial Regex ExternalReference();

    public void Dispose() => _platform.Dispose();
}
