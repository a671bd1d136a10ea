using System.Security.Cryptography;

namespace Platform.Embedded;

/// <summary>
/// A secret of the embedded host (its token signing key, upload signing key, payment webhook secret): kept in the data folder
/// so what it signed stays valid across restarts, created on first start so that a fresh machine needs no set-up.
/// </summary>
public static class LocalSecret
{
    // Settings are resolved on two threads at once on a first start (the start-up warm-up beside the main thread): one key
    // each would sign tokens the other rejects.
    private static readonly Lock Creating = new();

    public static string LoadOrCreate(string dataPath, string fileName)
    {
        var file = Path.Combine(dataPath, fileName);
        lock (Creating)
        {
            if (!File.Exists(file))
            {
                // Written aside and moved into place, so no reader ever sees a half-written key. Another process that made it
                // first (a second host starting on the same data folder) wins: its key is read below.
                Directory.CreateDirectory(dataPath);
                var candidate = Path.Combine(dataPath, $"{fileName}.{Guid.NewGuid():N}.tmp");
                File.WriteAllText(candidate, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                try
                {
                    File.Move(candidate, file, overwrite: false);
                }
                catch (IOException) when (File.Exists(file))
                {
                    File.Delete(candidate);
                }
            }

            return File.ReadAllText(file).Trim();
        }
    }
}
