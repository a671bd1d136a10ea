using Platform.Core.Common;

namespace Platform.Core.Notes;

/// <summary>Checks a note against the configured product limits, reporting every broken field at once.</summary>
internal static class NoteValidation
{
    public static void Validate(Note note, NoteLimitsOptions limits)
    {
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(note.Title), "title", "note.title_required", "A note needs a title.");
        v.Require(Text.FitsWithin(note.Title, limits.TitleMaxLength), "title", "note.title_too_long",
            $"The title may have at most {limits.TitleMaxLength} characters.");
        v.Require(Text.FitsWithin(note.Body, limits.BodyMaxLength), "body", "note.body_too_long",
            $"The body may have at most {limits.BodyMaxLength} characters.");
        v.Require(note.Topics.Count <= limits.MaxTopics, "topics", "note.too_many_topics",
            $"A note may have at most {limits.MaxTopics} topics.");
        v.Require(note.Topics.All(t => Text.FitsWithin(t, limits.TopicMaxLength)), "topics", "note.topic_too_long",
            $"A topic may have at most {limits.TopicMaxLength} characters.");
        v.Require(note.MediaIds.Count <= limits.MaxMedia, "mediaIds", "note.too_many_media",
            $"A note may have at most {limits.MaxMedia} images or videos.");
        v.Require(note.ProductIds.Count <= limits.MaxProducts, "productIds", "note.too_many_products",
            $"A note may tag at most {limits.MaxProducts} products.");
        CheckIds(v, "mediaIds", note.MediaIds);
        CheckIds(v, "productIds", note.ProductIds);

        if (note.Sponsored)
        {
            v.Require(Ids.IsWellFormed(note.PartnerBrandId), "partnerBrandId", "note.partner_brand_required",
                "A sponsored note must name its partner brand.");
        }
        else
        {
            v.Require(note.PartnerBrandId is null, "partnerBrandId", "note.partner_brand_requires_sponsored",
                "A note with a partner brand must be marked as sponsored.");
        }

        v.ThrowIfInvalid();
    }

    private static void CheckIds(Validation v, string field, IReadOnlyList<string> ids)
    {
        v.Require(ids.All(Ids.IsWellFormed), field, "note.invalid_reference", "Every id must be 1-64 letters, digits, '-' or '_'.");
        v.Require(ids.Distinct(StringComparer.Ordinal).Count() == ids.Count, field, "note.duplicate_reference", "An id may appear only once.");
    }
}
