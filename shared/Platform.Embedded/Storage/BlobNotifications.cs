using System.Threading.Channels;

namespace Platform.Embedded.Storage;

/// <summary>A blob that was written completely.</summary>
public sealed record BlobCreated(string Container, string Name);

/// <summary>
/// The embedded counterpart of Event Grid's BlobCreated events: the file store announces every completed write, and
/// the embedded host's blob-trigger dispatcher listens. Nothing is kept for containers nobody listens to.
/// </summary>
public sealed class BlobNotifications
{
    private readonly Lock _lock = new();
    private readonly List<(string Container, Channel<BlobCreated> Channel)> _subscribers = [];

    /// <summary>Every blob written to <paramref name="container"/> from now on.</summary>
    public ChannelReader<BlobCreated> Subscribe(string container)
    {
        var channel = Channel.CreateUnbounded<BlobCreated>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            _subscribers.Add((container, channel));
        }

        return channel.Reader;
    }

    internal void Publish(BlobCreated created)
    {
        lock (_lock)
        {
            foreach (var (container, channel) in _subscribers)
            {
                if (container == created.Container)
                {
                    channel.Writer.TryWrite(created);
                }
            }
        }
    }
}
