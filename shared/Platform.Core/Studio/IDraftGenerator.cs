namespace Platform.Core.Studio;

/// <summary>Writes note drafts from a grounded prompt: a language model, or the offline template drafter.</summary>
public interface IDraftGenerator
{
    /// <summary>Shown with the drafts, e.g. <c>offline</c> or <c>openai</c>.</summary>
    string Name { get; }

    /// <summary>True when no model was involved (the drafts are templates filled from the grounding).</summary>
    bool IsOffline { get; }

    /// <summary>Structured drafts and the tokens spent; throws <see cref="DraftGenerationException"/> with a clear reason on failure.</summary>
    Task<DraftGeneration> GenerateAsync(DraftPrompt prompt, CancellationToken cancellationToken);
}

/// <summary>What the generator is given: the brief, its grounding, and the prompt text built from both.</summary>
public sealed record DraftPrompt(DraftBrief Brief, DraftGrounding Grounding, string SystemMessage, string UserMessage);

public sealed record DraftGrounding(IReadOnlyList<ProductFacts> Products, StudioInsights Insights, IReadOnlyList<Exemplar> Exemplars);

/// <summary>One draft as the generator wrote it, before limits, integrity rules, labels and ranking.</summary>
public sealed record GeneratedDraft(string Title, string Body, IReadOnlyList<string> Topics, string CoverImageIdea, string WhyItWorks);

public sealed record TokenUsage(long PromptTokens, long CompletionTokens)
{
    public static TokenUsage None { get; } = new(0, 0);

    public long TotalTokens => PromptTokens + CompletionTokens;

    public TokenUsage Add(TokenUsage other) => new(PromptTokens + other.PromptTokens, CompletionTokens + other.CompletionTokens);
}

public sealed record DraftGeneration(IReadOnlyList<GeneratedDraft> Drafts, TokenUsage Usage, string Generator, string? Model, bool Offline, int Attempts);

/// <summary>Why generation failed, as the brand sees it in the suggestion's status.</summary>
public enum DraftFailure
{
    /// <summary>The model kept answering 429 after every retry.</summary>
    RateLimited,

    /// <summary>The model did not answer in time, after every retry.</summary>
    TimedOut,

    /// <summary>The answer was not the JSON the schema asks for (or was cut off).</summary>
    MalformedOutput,

    /// <summary>The model declined (a refusal or a content filter).</summary>
    Refused,

    /// <summary>The endpoint failed otherwise (bad credentials, unknown deployment, 5xx after retries).</summary>
    Unavailable,
}

public sealed class DraftGenerationException(DraftFailure failure, string message, TokenUsage usage, int attempts, Exception? inner = null)
    : Exception(message, inner)
{
    public DraftFailure Failure { get; } = failure;

    /// <summary>Tokens spent before failing (a malformed answer still costs its tokens).</summary>
    public TokenUsage Usage { get; } = usage;

    public int Attempts { get; } = attempts;

    /// <summary>The stable code stored with the failed suggestion, e.g. <c>generator.rate_limited</c>.</summary>
    public string Code => Failure switch
    {
        DraftFailure.RateLimited => "generator.rate_limited",
        DraftFailure.TimedOut => "generator.timeout",
        DraftFailure.MalformedOutput => "generator.malformed_output",
        DraftFailure.Refused => "generator.refused",
        _ => "generator.unavailable",
    };
}
