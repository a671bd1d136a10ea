using System.Text.Json;
using Platform.Functions.Media;
using Platform.LocalHost;

namespace Platform.Tests.Media;

/// <summary>The blob trigger is declared the way Flex Consumption needs it, and the embedded host binds the same function.</summary>
public sealed class TriggerBindingTests
{
    [Fact]
    public void The_worker_metadata_declares_an_event_grid_blob_trigger_on_uploads()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var function = json.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == nameof(UploadProcessingFunction.ProcessUpload));
        var binding = function.GetProperty("bindings").EnumerateArray().Single();

        Assert.Equal("blobTrigger", binding.GetProperty("type").GetString());
        Assert.Equal("uploads/{name}", binding.GetProperty("path").GetString());
        Assert.Equal("EventGrid", binding.GetProperty("source").GetString());
        Assert.Equal("MediaStorage", binding.GetProperty("connection").GetString());
    }

    [Fact]
    public void The_embedded_host_dispatches_the_same_function_for_the_uploads_container()
    {
        var trigger = Assert.Single(BlobTriggerDispatcher.Discover(typeof(UploadProcessingFunction).Assembly));

        Assert.Equal(nameof(UploadProcessingFunction.ProcessUpload), trigger.Name);
        Assert.Equal("uploads", trigger.Container);
    }
}
