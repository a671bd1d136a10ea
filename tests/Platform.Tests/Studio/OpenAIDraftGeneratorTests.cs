using System.Text.Json;
using System.Text.Json.Nodes;
using AccessToken = Azure.Core.AccessToken;
using TokenCredential = Azure.Core.TokenCredential;
using TokenRequestContext = Azure.Core.TokenRequestContext;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Azure.Studio;
using Platform.Core.Studio;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Platform.Tests.Studio;

/// <summary>
/// The model-backed drafter with the real OpenAI / Azure OpenAI client against WireMock serving the chat-completions
/// protocol: what is sent (strict JSON schema, grounding, no personal data) and how every kind of answer is handled.
/// </summary>
public sealed class OpenAIDraftGeneratorTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly List<TimeSpan> _waits = [];

    [Fact]
    public async Task Success_sends_a_strict_schema_and_the_grounding_without_personal_data()
    {
        Answer(200, Completion(StudioFixtures.DraftsJson(2)));

        var result = await Generator().GenerateAsync(StudioFixtures.Prompt(), CancellationToken.None);

        Assert.Equal(2, result.Drafts.Count);
        Assert.Equal("3个防晒小技巧 1", result.Drafts[0].Title);
        Assert.Equal(new TokenUsage(812, 345), result.Usage);
        Assert.Equal("gpt-4o-2024-08-06", result.Model);
        Assert.False(result.Offline);
        Assert.Equal(1, result.Attempts);

        var request = SentRequests().Single();
        var format = request["response_format"]!;
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.True((bool)format["json_schema"]!["strict"]!);
        Assert.Equal(DraftSchema.Name, (string?)format["json_schema"]!["name"]);
        Assert.Equal(JsonNode.Parse(DraftSchema.Json)!.ToJsonString(), format["json_schema"]!["schema"]!.ToJsonString());

        var prompt = string.Join("\n", request["messages"]!.AsArray().Select(m => (string?)m!["content"]));
        Assert.Contains("轻透防晒乳", prompt);                        // product facts
        Assert.Contains("SPF50+ PA++++", prompt);
        Assert.Contains("title contains a number 1.40x", prompt);   // insights
        Assert.Contains("3个防晒小技巧，通勤党必看", prompt);            // exemplar
        foreach (var personal in new[] { StudioFixtures.ExemplarPhone, StudioFixtures.ExemplarEmail, StudioFixtures.ExemplarWeChat, StudioFixtures.ExemplarHandle, "note-top-1" })
        {
            Assert.DoesNotContain(personal, prompt);
        }
    }

    [Fact]
    public async Task A_brief_aimed_at_a_search_query_sends_the_query_to_the_model()
    {
        Answer(200, Completion(StudioFixtures.DraftsJson(1)));
        var brief = StudioFixtures.Brief(1) with { TargetQuery = "油皮 防晒 推荐" };
        var prompt = new DraftPromptBuilder(Microsoft.Extensions.Options.Options.Create(new Platform.Core.Notes.NoteLimitsOptions()))
            .Build(brief, StudioFixtures.Grounding());

        await Generator().GenerateAsync(prompt, CancellationToken.None);

        var messages = SentRequests().Single()["messages"]!.AsArray().Select(m => (string?)m!["content"]).ToList();
        Assert.Contains(messages, m => m!.Contains("Target search query (readers search this and find too little; answer it): 油皮 防晒 推荐"));
        Assert.Contains(messages, m => m!.Contains("query's words naturally", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_output_fails_clearly_and_keeps_the_tokens_it_cost()
    {
        Answer(200, Completion("{\"drafts\": [{\"title\": \"only a title\"}"));

        var error = await Assert.ThrowsAsync<DraftGenerationException>(() => Generator().GenerateAsync(StudioFixtures.Prompt(), CancellationToken.None));

        Assert.Equal(DraftFailure.MalformedOutput, error.Failure);
        Assert.Equal("generator.malformed_output", error.Code);
        Assert.Equal(new TokenUsage(812, 345), error.Usage);
        Assert.Single(SentRequests());
    }

    [Fact]
    public async Task Output_missing_a_required_field_is_malformed()
    {
        Answer(200, Completion("""{"drafts":[{"title":"t","body":"b","topics":["x"],"coverImageIdea":"c"}]}"""));

        var error = await Assert.ThrowsAsync<DraftGenerationException>(() => Generator().GenerateAsync(StudioFixtures.Prompt(), CancellationToken.None));

        Assert.Equal(DraftFailure.MalformedOutput, error.Failure);
        Assert.Contains("whyItWorks", error.Message);
    }

    [Fact]
    public async Task A_refusal_fails_without_retrying()
    {
        Answer(200, Completion(content: null, refusal: "I can't help with that request."));

        var error = await Assert.ThrowsAsync<DraftGenerationException>(() => Generator().GenerateAsync(StudioFixtures.Prompt(), CancellationToken.None));

        Assert.Equal(DraftFailure.Refused, error.Failure);
        Assert.Contains("I can't help", error.Message);
        Assert.Single(SentRequests());
    }

    [Fact]
    public async Task A_content_filter_on_the_prompt_is_a_refusal()
    {
        Answer(400, """{"error":{"code":"content_filter","message":"The response was filtered due to the prompt triggering content management policy."}}""");

        var error = await Assert.ThrowsAsync<DraftGenerationException>(() => Generator().GenerateAsync(StudioFixtures.Prompt(), CancellationToken.None));

        Assert.Equal(DraftFailure.Refused, error.Failure);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_time_it_asks_for_then_succeeds()
    {
        _server.Given(Chat()).InScenario("throttle").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7").WithBody("""{"error":{"code":"429","message":"Rate limit"}}"""));
        _server.Given(Chat()).InScenario("throttle").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Completion(StudioFixtures.DraftsJson(1))));

        var result = await Generator().GenerateAsync(StudioFixtures.Prompt(1), CancellationToken.None);

        Assert.Single(result.Drafts);
        Assert.Equal(2, result.Attempts);
        Assert.Equal([TimeSpan.FromSeconds(7)], _waits);
        Assert.Equal(2, SentRequests().Count);
    }

    [Fact]
    public async Task Azure_retry_after_ms_is_honoured_and_capped()
    {
        _server.Given(Chat()).InScenario("throttle").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("retry-after-ms", "1500"));
        _server.Given(Chat()).InScenario("throttle").WhenStateIs("open").WillSetStateTo("again")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3600"));
        _server.Given(Chat()).InScenario("throttle").WhenStateIs("again")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Completion(StudioFixtures.DraftsJson(1))));

        var result = await Generator(o => o.MaxRetryDelaySeconds = 20).GenerateAsync(StudioFixtures.Prompt(1), CancellationToken.None);

        Assert.Equal(3, result.Attempts);
        Assert.Equal([TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(20)], _waits);
    }

    [Fact]
    public async Task A_429_that_never_ends_gives_up_after_the_configured_attempts()
    {
        _server.Given(Chat()).RespondWith(Response.Create().WithStatusCode(429).WithBody("""{"error":{"code":"429","message":"Rate limit"}}"""));

        var error = await Assert.ThrowsAsync<DraftGenerationException>(() => Generator(o => o.MaxAttempts = 3).GenerateAsync(StudioFixtures.Prompt(), CancellationToken.None));

        Assert.Equal(DraftFailure.RateLimited, error.Failure);
        Assert.Equal("generator.rate_limited", error.Code);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, SentRequests().Count);
        // No Retry-After: exponential backoff (base 100 ms, +-20% jitter), doubling.
        Assert.Equal(2, _waits.Count);
        Assert.InRange(_waits[0].TotalMilliseconds, 80, 120);
        Assert.InRange(_waits[1].TotalMilliseconds, 160, 240);
    }

    [Fact]
    public async Task A_model_that_does_not_answer_in_time_is_retried_then_reported_as_timed_out()
    {
        _server.Given(Chat()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody(Completion(StudioFixtures.DraftsJson(1))).WithDelay(TimeSpan.FromSeconds(5)));

        var error = await Assert.ThrowsAsync<DraftGenerationException>(() =>
            Generator(o => { o.TimeoutSeconds = 1; o.MaxAttempts = 2; }).GenerateAsync(StudioFixtures.Prompt(), CancellationToken.None));

        Assert.Equal(DraftFailure.TimedOut, error.Failure);
        Assert.Equal("generator.timeout", error.Code);
        Assert.Equal(2, error.Attempts);
    }

    [Fact]
    public async Task A_server_error_is_retried()
    {
        _server.Given(Chat()).InScenario("flaky").WillSetStateTo("ok").RespondWith(Response.Create().WithStatusCode(503));
        _server.Given(Chat()).InScenario("flaky").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Completion(StudioFixtures.DraftsJson(1))));

        var result = await Generator().GenerateAsync(StudioFixtures.Prompt(1), CancellationToken.None);

        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task Bad_credentials_fail_at_once_as_unavailable()
    {
        Answer(401, """{"error":{"code":"invalid_api_key","message":"Incorrect API key provided."}}""");

        var error = await Assert.ThrowsAsync<DraftGenerationException>(() => Generator().GenerateAsync(StudioFixtures.Prompt(), CancellationToken.None));

        Assert.Equal(DraftFailure.Unavailable, error.Failure);
        Assert.Single(SentRequests());
    }

    [Fact]
    public async Task The_Azure_client_calls_the_deployment_with_a_bearer_token_and_no_key()
    {
        Answer(200, Completion(StudioFixtures.DraftsJson(1)));
        var options = new OpenAIOptions { Endpoint = new Uri(_server.Url!), Deployment = "drafts-gpt4o", MaxAttempts = 1 };
        var client = StudioModel.CreateChatClient(options, new StaticToken("entra-token"));

        var result = await new OpenAIDraftGenerator(client, options, NullLogger<OpenAIDraftGenerator>.Instance).GenerateAsync(StudioFixtures.Prompt(1), CancellationToken.None);

        Assert.Single(result.Drafts);
        var entry = Assert.Single(_server.LogEntries);
        Assert.Equal("/openai/deployments/drafts-gpt4o/chat/completions", entry.RequestMessage.Path);
        Assert.Equal("Bearer entra-token", entry.RequestMessage.Headers!["Authorization"].Single());
        Assert.False(entry.RequestMessage.Headers.ContainsKey("api-key"));
        Assert.True((bool)JsonNode.Parse(entry.RequestMessage.Body!)!["response_format"]!["json_schema"]!["strict"]!);
    }

    public void Dispose() => _server.Dispose();

    private OpenAIDraftGenerator Generator(Action<OpenAIOptions>? configure = null)
    {
        var options = new OpenAIOptions
        {
            Endpoint = new Uri(_server.Url + "/v1"),
            Deployment = "gpt-4o",
            ApiKey = "test-key",
            RetryBaseDelayMilliseconds = 100,
        };
        configure?.Invoke(options);
        var client = StudioModel.CreateChatClient(options, credential: null);
        return new OpenAIDraftGenerator(client, options, NullLogger<OpenAIDraftGenerator>.Instance, (wait, _) =>
        {
            _waits.Add(wait);
            return Task.CompletedTask;
        });
    }

    private static IRequestBuilder Chat() => Request.Create().WithPath(new WildcardMatcher("*/chat/completions")).UsingPost();

    private void Answer(int status, string body) =>
        _server.Given(Chat()).RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    private List<JsonNode> SentRequests() =>
        _server.LogEntries.Select(e => JsonNode.Parse(e.RequestMessage.Body!)!).ToList();

    private static string Completion(string? content, string? refusal = null, string finishReason = "stop") => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        created = 1_760_000_000,
        model = "gpt-4o-2024-08-06",
        choices = new[]
        {
            new { index = 0, message = new { role = "assistant", content, refusal }, finish_reason = finishReason, logprobs = (object?)null },
        },
        usage = new { prompt_tokens = 812, completion_tokens = 345, total_tokens = 1157 },
    });

    private sealed class StaticToken(string token) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
