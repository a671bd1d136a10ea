using System.Text.Json;

namespace Platform.Core.Studio;

/// <summary>
/// The structured output every generator produces: the JSON schema sent to the model (strict: every property required,
/// nothing else allowed) and the parser that checks an answer against it.
/// </summary>
public static class DraftSchema
{
    public const string Name = "note_drafts";

    public const string Description = "Drafts of Xiaohongshu-style notes for a brand, each with why it should work.";

    public const string Json = """
        {
          "type": "object",
          "properties": {
            "drafts": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "title": { "type": "string", "description": "Note title; the first 20 characters are what readers see." },
                  "body": { "type": "string", "description": "Note body, at most 1000 characters." },
                  "topics": { "type": "array", "items": { "type": "string" }, "description": "Topics without '#', at most 10." },
                  "coverImageIdea": { "type": "string", "description": "What the 3:4 cover image should show." },
                  "whyItWorks": { "type": "string", "description": "Which insights or exemplars this draft builds on." }
                },
                "required": ["title", "body", "topics", "coverImageIdea", "whyItWorks"],
                "additionalProperties": false
              }
            }
          },
          "required": ["drafts"],
          "additionalProperties": false
        }
        """;

    /// <summary>The drafts in a model's answer; throws <see cref="FormatException"/> when it does not follow the schema.</summary>
    public static IReadOnlyList<GeneratedDraft> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new FormatException("The answer was empty.");
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("drafts", out var drafts)
                || drafts.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("The answer has no 'drafts' array.");
            }

            var parsed = drafts.EnumerateArray().Select(ParseDraft).ToList();
            return parsed.Count > 0 ? parsed : throw new FormatException("The answer has no drafts.");
        }
        catch (JsonException e)
        {
            throw new FormatException("The answer is not valid JSON.", e);
        }
    }

    private static GeneratedDraft ParseDraft(JsonElement draft)
    {
        if (draft.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A draft is not an object.");
        }

        var title = RequiredString(draft, "title");
        var body = RequiredString(draft, "body");
        if (string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(body))
        {
            throw new FormatException("A draft has an empty title or body.");
        }

        if (!draft.TryGetProperty("topics", out var topics) || topics.ValueKind != JsonValueKind.Array
            || topics.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
        {
            throw new FormatException("A draft's 'topics' is not an array of strings.");
        }

        return new GeneratedDraft(title, body, topics.EnumerateArray().Select(t => t.GetString()!).ToList(),
            RequiredString(draft, "coverImageIdea"), RequiredString(draft, "whyItWorks"));
    }

    private static string RequiredString(JsonElement draft, string property) =>
        draft.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"A draft's '{property}' is missing or not a string.");
}
