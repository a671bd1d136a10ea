using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Core.Community;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Integrity;

public static class IntegrityExtensions
{
    /// <summary>The rules engine, the note policies (sponsorship claims and disclosure first, then the content rules), partnerships and moderation.</summary>
    public static IServiceCollection AddIntegrity(this IServiceCollection services)
    {
        services.AddOptions<IntegrityOptions>().BindConfiguration(IntegrityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntegrityOptions>, IntegrityOptionsValidator>();
        services.AddOptions<ModerationOptions>().BindConfiguration(ModerationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModerationOptions>, ModerationOptionsValidator>();
        services.AddSingleton<IntegrityEngine>();
        services.AddSingleton<RejectedImages>();
        services.AddSingleton<ImageFindings>();
        services.AddSingleton<ModerationCases>();
        services.AddSingleton<ReporterStandings>();
        services.AddSingleton<Community.IPersonalDataParticipant>(sp => sp.GetRequiredService<ReporterStandings>());
        services.AddSingleton<ModerationAuditLog>();
        services.AddOutbox(Collections.ModerationAudit); // decisions carry moderation.decided for the author's notifications
        services.AddSingleton<AccountStandings>();
        services.AddSingleton<ModerationService>();
        services.AddSingleton<IModeratedContent, NoteModeration>();
        services.AddSingleton<PartnershipService>();
        services.AddSingleton<CreatorDrafts>();
        services.AddOutbox(Storage.Collections.Partnerships); // offers carry partnership.* and draft.handed_off
        services.AddSingleton<IPersonalDataParticipant, ModerationPersonalData>();

        // Commerce registers the real directory; until then no product has a known brand.
        services.TryAddSingleton<IProductDirectory, UnknownProducts>();
        services.AddSingleton<INotePolicy, SponsorshipNotePolicy>();
        services.AddSingleton<INotePolicy, DisclosureNotePolicy>();
        services.AddSingleton<INotePolicy, IntegrityNotePolicy>();
        return services;
    }
}
