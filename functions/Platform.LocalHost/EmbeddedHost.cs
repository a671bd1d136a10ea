namespace Platform.LocalHost;

/// <summary>Names this assembly for test hosts (WebApplicationFactory); the Functions app has a Program class too.</summary>
public sealed class EmbeddedHost;
