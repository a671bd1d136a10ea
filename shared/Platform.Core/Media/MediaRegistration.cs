using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Community;
using Platform.Core.Notes;

namespace Platform.Core.Media;

public static class MediaRegistration
{
    /// <summary>Uploads, processing and the note rule for media; the blob store comes from the adapters.</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>();
        services.AddSingleton<MediaService>();
        services.AddSingleton<MediaHashIndex>();
        services.AddSingleton<ImageWorkers>();
        services.AddSingleton<FfmpegBinaries>();
        services.AddSingleton<VideoPipeline>();
        services.AddSingleton<MediaProcessor>();
        services.AddSingleton<UploadSweeper>();
        services.AddSingleton<INotePolicy, MediaOwnershipPolicy>();
        services.AddSingleton<IPersonalDataParticipant, MediaPersonalData>();
        return services;
    }
}
