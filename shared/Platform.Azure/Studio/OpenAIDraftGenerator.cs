using System.ClientModel;
using System.Globalization;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;
using Platform.Core.Studio;

namespace Platform.Azure.Studio;

/// <summary>
/// Drafts with a chat-completions model (Azure OpenAI or OpenAI-compatible) using structured output: a strict JSON
/// schema, so the answer parses into drafts or is reported as malformed. Retries 429s (honouring Retry-After), 5xx and
/// timeouts with backoff; refusals, content filters and malformed answers fail at once with a clear reason.
/// </summary>
public sealed class OpenAIDraftGenerator : IDraftGenerator
{
    private readonly ChatClient _client;
    private readonly OpenAIOptions _options;
    private readonly ILogger<OpenAIDraftGenerator> _logger;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public OpenAIDraftGenerator(ChatClient client, OpenAIOptions options, ILogger<OpenAIDraftGenerator> logger)
        : this(client, options, logger, Task.Delay)
    {
    }

    /// <summary>For tests: <paramref name="delay"/> replaces the waits between attempts.</summary>
    internal OpenAIDraftGenerator(ChatClient client, OpenAIOptions options, ILogger<OpenAIDraftGenerator> logger, Func<TimeSpan, CancellationToken, Task> delay)
    {
        _client = client;
        _options = options;
        _logger = logger;
        _delay = delay;
        Name = options.IsAzure ? "azure-openai" : "openai-compatible";
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool IsOffline => false;

    /// <inheritdoc/>
    public async Task<DraftGeneration> GenerateAsync(DraftPrompt prompt, CancellationToken cancellationToken)
    {
        ChatMessage[] messages = [new SystemChatMessage(prompt.SystemMessage), new UserChatMessage(prompt.UserMessage)];
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(
                DraftSchema.Name, BinaryData.FromString(DraftSchema.Json), DraftSchema.Description, jsonSchemaIsStrict: true),
            MaxOutputTokenCount = _options.MaxOutputTokens,
            Temperature = _options.Temperature,
        };

        var usage = TokenUsage.None;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter;
            DraftFailure failure;
            string reason;
            Exception? error;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
                try
                {
                    ChatCompletion completion = await _client.CompleteChatAsync(messages, options, timeout.Token);
                    usage = usage.Add(new TokenUsage(completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0));
                    return new DraftGeneration(Read(completion, usage, attempt), usage, Name, completion.Model, Offline: false, attempt);
                }
                catch (ClientResultException e) when (e.Status == 429)
                {
                    (failure, reason, retryAfter, error) = (DraftFailure.RateLimited, "The model is rate limited (429).", RetryAfter(e), e);
                }
                catch (ClientResultException e) when (e.Status is 408 or 500 or 502 or 503 or 504 or 0)
                {
                    (failure, reason, retryAfter, error) = (e.Status is 408 or 504 ? DraftFailure.TimedOut : DraftFailure.Unavailable,
                        $"The model endpoint failed ({e.Status}).", RetryAfter(e), e);
                }
                catch (ClientResultException e)
                {
                    var filtered = e.Message.Contains("content_filter", StringComparison.OrdinalIgnoreCase)
                        || (e.GetRawResponse()?.Content.ToString().Contains("content_filter", StringComparison.OrdinalIgnoreCase) ?? false);
                    throw new DraftGenerationException(
                        filtered ? DraftFailure.Refused : DraftFailure.Unavailable,
                        filtered ? "The model's content filter rejected the prompt." : $"The model endpoint refused the request ({e.Status}).",
                        usage, attempt, e);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    (failure, reason, retryAfter, error) = (DraftFailure.TimedOut, $"The model did not answer within {_options.TimeoutSeconds} s.", null, e);
                }
                catch (HttpRequestException e)
                {
                    (failure, reason, retryAfter, error) = (DraftFailure.Unavailable, "The model endpoint could not be reached.", null, e);
                }
            }

            if (attempt >= _options.MaxAttempts)
            {
                throw new DraftGenerationException(failure, $"{reason} Gave up after {attempt} attempts.", usage, attempt, error);
            }

            var delay = Backoff(attempt, retryAfter);
            _logger.LogWarning("Draft generation attempt {Attempt} failed ({Failure}); retrying in {DelayMs} ms", attempt, failure, (long)delay.TotalMilliseconds);
            await _delay(delay, cancellationToken);
        }
    }

    private static IReadOnlyList<GeneratedDraft> Read(ChatCompletion completion, TokenUsage usage, int attempt)
    {
        if (!string.IsNullOrEmpty(completion.Refusal))
        {
            throw new DraftGenerationException(DraftFailure.Refused, $"The model declined: {completion.Refusal}", usage, attempt);
        }

        if (completion.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw new DraftGenerationException(DraftFailure.Refused, "The model's content filter stopped the answer.", usage, attempt);
        }

        if (completion.FinishReason == ChatFinishReason.Length)
        {
            throw new DraftGenerationException(DraftFailure.MalformedOutput, "The answer was cut off at the output token limit.", usage, attempt);
        }

        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        try
        {
            return DraftSchema.Parse(text);
        }
        catch (FormatException e)
        {
            throw new DraftGenerationException(DraftFailure.MalformedOutput, $"The answer did not follow the draft schema: {e.Message}", usage, attempt, e);
        }
    }

    // Retry-After (seconds or an HTTP date) or Azure's retry-after-ms, capped; otherwise exponential backoff with jitter.
    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var cap = TimeSpan.FromSeconds(_options.MaxRetryDelaySeconds);
        if (retryAfter is { } asked)
        {
            return asked < TimeSpan.Zero ? TimeSpan.Zero : asked > cap ? cap : asked;
        }

        var exponential = _options.RetryBaseDelayMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = exponential * (0.8 + (0.4 * Random.Shared.NextDouble()));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, cap.TotalMilliseconds));
    }

    private static TimeSpan? RetryAfter(ClientResultException e)
    {
        var headers = e.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }

        if (headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (headers.TryGetValue("Retry-After", out var value) && value is not null)
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return at - DateTimeOffset.UtcNow;
            }
        }

        return null;
    }
}
