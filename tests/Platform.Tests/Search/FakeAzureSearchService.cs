using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

using Platform.Core.Search;

namespace Platform.Tests.Search;

/// <summary>
/// Azure AI Search has no emulator, so this answers its REST protocol (the routes the SDK calls: index definition, document
/// batches, search, suggest) from memory, on WireMock. Matching is deliberately naive (a term matches where it occurs as a
/// substring); it exists to run the adapter's requests and response parsing end to end, not to imitate the service's
/// analysis or ranking. WireMock's request log is what the request tests assert against.
/// </summary>
public sealed partial class FakeAzureSearchService : IDisposable
{
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _indexes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public FakeAzureSearchService()
    {
        // The SDK accepts only https endpoints, so WireMock serves TLS with a throw-away self-signed certificate.
        Server = WireMockServer.Start(new WireMockServerSettings
        {
            UseSSL = true,
            CertificateSettings = new WireMockCertificateSettings { X509Certificate = SelfSignedCertificate() },
        });
        Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(Handle));
    }

    public WireMockServer Server { get; }

    public Uri Endpoint => new(Server.Url!);

    /// <summary>Requests received, oldest first: method, path (unescaped) and JSON body.</summary>
    public IReadOnlyList<(string Method, string Path, JsonNode? Body)> Requests => Server.LogEntries
        .OrderBy(e => e.RequestMessage.DateTime)
        .Select(e => (e.RequestMessage.Method, Uri.UnescapeDataString(e.RequestMessage.Path),
            string.IsNullOrEmpty(e.RequestMessage.Body) ? null : JsonNode.Parse(e.RequestMessage.Body)))
        .ToList();

    /// <summary>Per-document statuses the next batch answers with, instead of applying it (for failure tests).</summary>
    public Func<string, int?>? FailBatchItem { get; set; }

    public void Dispose() => Server.Stop();

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form it can use on every platform: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }

    [GeneratedRegex(@"^/indexes\('(?<index>[^']+)'\)(?<rest>.*)$")]
    private static partial Regex IndexPath();

    [GeneratedRegex(@"topicKeys/any\(t: t eq '(?<key>(?:[^']|'')*)'\)")]
    private static partial Regex TopicClause();

    [GeneratedRegex(@"not search\.in\(id, '(?<ids>(?:[^']|'')*)', '\|'\)")]
    private static partial Regex ExcludeClause();

    private ResponseMessage Handle(IRequestMessage request)
    {
        var match = IndexPath().Match(Uri.UnescapeDataString(request.Path));
        if (request.Method == "PUT" && Uri.UnescapeDataString(request.Path).StartsWith("/synonymmaps('", StringComparison.Ordinal))
        {
            return Json(201, JsonNode.Parse(request.Body!)!);
        }

        if (!match.Success)
        {
            return Json(404, new JsonObject { ["error"] = new JsonObject { ["message"] = "unknown route " + request.Path } });
        }

        var name = match.Groups["index"].Value;
        var body = string.IsNullOrEmpty(request.Body) ? new JsonObject() : JsonNode.Parse(request.Body)!.AsObject();
        lock (_lock)
        {
            var docs = _indexes.TryGetValue(name, out var existing) ? existing : _indexes[name] = new(StringComparer.Ordinal);
            return (request.Method, match.Groups["rest"].Value) switch
            {
                ("PUT", "") => DefineIndex(body),
                ("POST", "/docs/search.index") => Index(docs, body),
                ("POST", "/docs/search.post.search") => Search(docs, body),
                ("POST", "/docs/search.post.suggest") => Suggest(docs, body),
                _ => Json(404, new JsonObject { ["error"] = new JsonObject { ["message"] = "unknown route " + request.Path } }),
            };
        }
    }

    /// <summary>Refuses what the service refuses in a scoring profile: a function's boost must be positive and not 1.0.</summary>
    private static ResponseMessage DefineIndex(JsonObject body)
    {
        foreach (var function in (body["scoringProfiles"]?.AsArray() ?? []).SelectMany(p => p!["functions"]?.AsArray() ?? []))
        {
            var boost = function!["boost"]!.GetValue<double>();
            if (boost <= 0 || boost == 1.0)
            {
                return Json(400, new JsonObject
                {
                    ["error"] = new JsonObject
                    {
                        ["code"] = "InvalidRequestParameter",
                        ["message"] = $"The request is invalid. Details: The boost value '{boost}' for the scoring function on field " +
                            $"'{function["fieldName"]}' must be a positive number other than 1.0.",
                    },
                });
            }
        }

        return Json(201, body);
    }

    private ResponseMessage Index(Dictionary<string, JsonObject> docs, JsonObject body)
    {
        var results = new JsonArray();
        var allOk = true;
        foreach (var action in body["value"]!.AsArray().Select(a => a!.AsObject()))
        {
            var key = (string)action["id"]!;
            var kind = (string)action["@search.action"]!;
            var status = FailBatchItem?.Invoke(key) ?? Apply(docs, kind, key, action);
            allOk &= status is 200 or 201;
            results.Add(new JsonObject
            {
                ["key"] = key,
                ["status"] = status is 200 or 201,
                ["errorMessage"] = status is 200 or 201 ? null : $"status {status}",
                ["statusCode"] = status,
            });
        }

        return Json(allOk ? 200 : 207, new JsonObject { ["value"] = results });
    }

    private static int Apply(Dictionary<string, JsonObject> docs, string kind, string key, JsonObject action)
    {
        var fields = action.Where(p => p.Key != "@search.action").ToList();
        switch (kind)
        {
            case "delete":
                docs.Remove(key);
                return 200;
            case "upload":
                docs[key] = new JsonObject(fields.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
                return 201;
            case "merge" when !docs.ContainsKey(key):
                return 404;
            case "merge" or "mergeOrUpload":
                var created = !docs.ContainsKey(key);
                var doc = created ? docs[key] = [] : docs[key];
                foreach (var (field, value) in fields)
                {
                    doc[field] = value?.DeepClone();
                }

                return created ? 201 : 200;
            default:
                return 400;
        }
    }

    private static ResponseMessage Search(Dictionary<string, JsonObject> docs, JsonObject body)
    {
        var terms = ((string?)body["search"] ?? "*") == "*"
            ? []
            : TopLevel((string)body["search"]!, ' ');
        var topics = TopicClause().Matches((string?)body["filter"] ?? "").Select(m => m.Groups["key"].Value.Replace("''", "'")).ToList();
        var excluded = ExcludeClause().Match((string?)body["filter"] ?? "") is { Success: true } not
            ? not.Groups["ids"].Value.Replace("''", "'").Split('|')
            : [];
        var any = (string?)body["searchMode"] == "any";

        var matches = docs.Values
            .Where(d => topics.All(t => Strings(d["topicKeys"]).Contains(t)) && !excluded.Contains((string)d["id"]!))
            .Select(d => (Doc: d, Score: any ? terms.Sum(t => TermScore(d, t)) : Score(d, terms)))
            .Where(m => terms.Length == 0 || m.Score > 0)
            .ToList();

        IOrderedEnumerable<(JsonObject Doc, double Score)>? ordered = null;
        foreach (var clause in ((string?)body["orderby"] ?? "search.score() desc").Split(','))
        {
            var parts = clause.Trim().Split(' ');
            Func<(JsonObject Doc, double Score), double> key = parts[0] switch
            {
                "search.score()" => m => m.Score,
                "createdAt" => m => DateTimeOffset.Parse((string)m.Doc["createdAt"]!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
                var field => m => (double?)m.Doc[field] ?? double.MinValue,
            };
            var descending = parts.Length > 1 && parts[1] == "desc";
            ordered = ordered is null
                ? descending ? matches.OrderByDescending(key) : matches.OrderBy(key)
                : descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        }

        var page = ordered!.Skip((int?)body["skip"] ?? 0).Take((int?)body["top"] ?? 50).ToList();
        var select = ((string?)body["select"])?.Split(',');
        var highlight = ((string?)body["highlight"])?.Split(',') ?? [];
        var value = new JsonArray();
        foreach (var (doc, score) in page)
        {
            var hit = Select(doc, select);
            hit["@search.score"] = score;
            var highlights = new JsonObject();
            foreach (var field in highlight)
            {
                if (Highlight((string?)doc[field] ?? "", [.. terms.SelectMany(Words)], (string)body["highlightPreTag"]!, (string)body["highlightPostTag"]!) is { } fragment)
                {
                    highlights[field] = new JsonArray(fragment);
                }
            }

            if (highlights.Count > 0)
            {
                hit["@search.highlights"] = highlights;
            }

            value.Add(hit);
        }

        var response = new JsonObject();
        if ((bool?)body["count"] == true)
        {
            response["@odata.count"] = matches.Count;
        }

        if (body["facets"] is JsonArray facets && facets.Count > 0)
        {
            var spec = ((string)facets[0]!).Split(',');
            var count = int.Parse(spec.First(s => s.StartsWith("count:", StringComparison.Ordinal))[6..], CultureInfo.InvariantCulture);
            var buckets = matches.SelectMany(m => Strings(m.Doc[spec[0]])).GroupBy(t => t)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(count)
                .Select(g => (JsonNode)new JsonObject { ["count"] = g.Count(), ["value"] = g.Key });
            response["@search.facets"] = new JsonObject { [spec[0]] = new JsonArray([.. buckets]) };
        }

        response["value"] = value;
        return Json(200, response);
    }

    private static ResponseMessage Suggest(Dictionary<string, JsonObject> docs, JsonObject body)
    {
        var text = (string)body["search"]!;
        // Fuzzy: a title word within two edits of the text (the service allows edits against the start of a word).
        IEnumerable<JsonObject> matches = (bool?)body["fuzzy"] == true
            ? docs.Values.Where(d => ((string?)d["title"] ?? "").Split(' ').Any(w => Spelling.Distance(text.ToLowerInvariant(), w.ToLowerInvariant(), 2) <= 2))
            : docs.Values.Where(d => ((string?)d["title"] ?? "").Contains(text, StringComparison.OrdinalIgnoreCase));
        if ((string?)body["orderby"] is { } orderby && orderby.StartsWith("popularity desc", StringComparison.Ordinal))
        {
            matches = matches.OrderByDescending(d => (double?)d["popularity"] ?? double.MinValue);
        }

        var select = ((string?)body["select"])?.Split(',');
        var value = new JsonArray();
        foreach (var doc in matches.Take((int?)body["top"] ?? 5))
        {
            var hit = Select(doc, select);
            hit["@search.text"] = (string?)doc["title"];
            value.Add(hit);
        }

        return Json(200, new JsonObject { ["value"] = value });
    }

    private static double Score(JsonObject doc, string[] terms) => terms.Sum(term => TermScore(doc, term) is > 0 and var s ? s : double.NegativeInfinity) switch
    {
        double.NegativeInfinity => 0,
        var s => s,
    };

    // A term is a word, a "phrase" (matched against the pinyin fields), a group of alternatives "(a|b)" (the best counts: no
    // boosts in simple syntax) or words that must all match "a+b".
    private static double TermScore(JsonObject doc, string term)
    {
        if (term.Length > 1 && term.StartsWith('"') && term.EndsWith('"'))
        {
            var phrase = " " + term[1..^1] + " ";
            bool In(JsonNode? field) => (field is JsonArray ? Strings(field) : [(string?)field ?? ""]).Any(v => (" " + v + " ").Contains(phrase, StringComparison.Ordinal));
            return In(doc["titlePinyin"]) || In(doc["titleInitials"]) ? 0.9 : In(doc["topicsPinyin"]) || In(doc["topicsInitials"]) ? 0.6 : 0;
        }

        if (Grouped(term))
        {
            return TopLevel(term[1..^1], '|').Max(alternative => TermScore(doc, alternative));
        }

        var all = TopLevel(term, '+');
        if (all.Length > 1)
        {
            var scores = all.Select(t => TermScore(doc, t)).ToList();
            return scores.All(s => s > 0) ? scores.Sum() : 0;
        }

        return WordScore(doc, Unescape(term));
    }

    // The plain words of a term (what highlights mark), not its phrases.
    private static string[] Words(string term) =>
        term.StartsWith('"') ? []
        : Grouped(term) ? [.. TopLevel(term[1..^1], '|').SelectMany(Words)]
        : TopLevel(term, '+') is { Length: > 1 } all ? [.. all.SelectMany(Words)]
        : [Unescape(term)];

    private static bool Grouped(string term) => term.StartsWith('(') && term.EndsWith(')') && TopLevel(term, ' ').Length == 1 && Closes(term) == term.Length - 1;

    // Where the parenthesis opening the term closes.
    private static int Closes(string term)
    {
        var depth = 0;
        for (var i = 0; i < term.Length; i++)
        {
            switch (term[i])
            {
                case '\\':
                    i++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')' when --depth == 0:
                    return i;
            }
        }

        return -1;
    }

    // Splits on an unescaped separator outside parentheses and quotes.
    private static string[] TopLevel(string text, char separator)
    {
        var parts = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                i++;
                continue;
            }

            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && c == separator)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return [.. parts.Where(p => p.Length > 0)];
    }

    private static string Unescape(string term) => Regex.Replace(term, @"\\(.)", "$1");

    private static double WordScore(JsonObject doc, string term) =>
        Contains(doc["title"], term) ? 3 : Strings(doc["topics"]).Any(t => t.Contains(term, StringComparison.OrdinalIgnoreCase)) ? 2 : Contains(doc["body"], term) ? 1 : 0;

    private static bool Contains(JsonNode? field, string term) => ((string?)field ?? "").Contains(term, StringComparison.OrdinalIgnoreCase);

    private static List<string> Strings(JsonNode? array) => array is JsonArray items ? items.Select(i => (string)i!).ToList() : [];

    private static JsonObject Select(JsonObject doc, string[]? fields) =>
        new(doc.Where(p => fields is null || fields.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    private static string? Highlight(string text, string[] terms, string pre, string post)
    {
        var marked = text;
        foreach (var term in terms)
        {
            marked = Regex.Replace(marked, Regex.Escape(term), m => pre + m.Value + post, RegexOptions.IgnoreCase);
        }

        return marked == text ? null : marked;
    }

    private static ResponseMessage Json(int status, JsonNode body)
    {
        var response = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String },
        };
        response.AddHeader("Content-Type", "application/json; odata.metadata=none");
        return response;
    }
}
