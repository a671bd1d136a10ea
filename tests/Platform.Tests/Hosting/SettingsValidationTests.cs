using Microsoft.Extensions.Options;
using Platform.Tests.Support;

namespace Platform.Tests.Hosting;

/// <summary>Settings are checked at start-up by validators generated at build time from their annotations.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Platform:Media:MaxVideoEdge", "8")] // [Range(16, 16384)]
    [InlineData("Platform:Media:MaxImageMegapixels", "0")] // [Range(1, 1000)]
    public void A_setting_outside_its_annotated_range_stops_the_host_at_start_naming_it(string key, string value)
    {
        using var platform = new EmbeddedPlatform(new Dictionary<string, string?> { [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => platform.CreateClient());

        Assert.Contains(key.Split(':')[^1], failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_settings_start_the_host()
    {
        using var platform = new EmbeddedPlatform(new Dictionary<string, string?> { ["Platform:Media:MaxVideoEdge"] = "2048" });

        using var client = platform.CreateClient();

        Assert.NotNull(client);
    }
}
