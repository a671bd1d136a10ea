using Platform.Core.Community;
using Platform.Core.Storage;

namespace Platform.Core.Feed;

/// <summary>A reader's interest profile is personal data: it is in their export and goes with their account.</summary>
public sealed class ReaderProfilePersonalData(IDocumentStore store) : IPersonalDataParticipant
{
    public string Section => "readerProfile";

    public async Task<object?> ExportAsync(string userId, CancellationToken cancellationToken) =>
        (await store.FindAsync<ReaderProfile>(Collections.ReaderProfiles, userId, userId, cancellationToken))?.Value;

    public Task EraseAsync(string userId, CancellationToken cancellationToken) =>
        store.DeleteAsync(Collections.ReaderProfiles, userId, userId, null, cancellationToken);
}
