namespace Platform.LocalHost;

internal static class ServiceChecks
{
    /// <summary>
    /// Whether a service is registered, without building it: asking with GetService built the payment simulator (and opened
    /// its database) on the main thread while routes were mapped on a cold start.
    /// </summary>
    public static bool Has<T>(this IServiceProvider services) =>
        services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(T));
}
