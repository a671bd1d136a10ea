using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Identity;
using Platform.Core.Storage;
using Platform.Embedded.Community;
using Platform.Embedded.Hosting;
using Platform.Embedded.Identity;
using Platform.Embedded.Messaging;
using Platform.Embedded.Payments;
using Platform.Embedded.Search;
using Platform.Embedded.Storage;

namespace Platform.Embedded;

public static class EmbeddedAdapters
{
    /// <summary>Every port backed by something that runs in this process and keeps its data under one folder.</summary>
    public static IServiceCollection AddEmbeddedAdapters(this IServiceCollection services)
    {
        services.AddOptions<EmbeddedOptions>().BindConfiguration(EmbeddedOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmbeddedOptions>, EmbeddedOptionsValidator>();

        // No signing key configured: use (or create) the one in the data folder.
        services.AddOptions<AuthOptions>().PostConfigure<IOptions<EmbeddedOptions>>((auth, embedded) =>
        {
            if (auth.Authority is null && string.IsNullOrEmpty(auth.SigningKey))
            {
                auth.SigningKey = LocalSecret.LoadOrCreate(embedded.Value.FullDataPath, "signing-key");
            }
        });
        services.AddSingleton<DevTokenIssuer>();

        services.AddSingleton(sp => new SqliteDatabase(
            Path.Combine(sp.GetRequiredService<IOptions<EmbeddedOptions>>().Value.FullDataPath, "documents.db")));
        services.AddSingleton<IDocumentStore, SqliteDocumentStore>();

        services.AddSingleton<BlobNotifications>();
        services.AddSingleton(sp =>
        {
            var dataPath = sp.GetRequiredService<IOptions<EmbeddedOptions>>().Value.FullDataPath;
            return new FileSystemBlobStore(
                Path.Combine(dataPath, "blobs"),
                Convert.FromBase64String(LocalSecret.LoadOrCreate(dataPath, "upload-signing-key")),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<BlobNotifications>());
        });
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<FileSystemBlobStore>());
        services.AddEmbeddedSearch();
        services.AddEmbeddedMessaging();
        services.AddHostedServiceAfterFirstAnswer(sp => ActivatorUtilities.CreateInstance<CounterSweepLoop>(sp));
        services.AddHostedServiceAfterFirstAnswer(sp => ActivatorUtilities.CreateInstance<Media.UploadSweepLoop>(sp));
        services.AddEmbeddedPayments();
        return services;
    }
}
