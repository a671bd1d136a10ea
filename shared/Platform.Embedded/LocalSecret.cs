using System.Security.Cryptography;

namespace Platform.Embedded.Identity;

/// <summary>
/// The embedded host's token signing key: kept in the data folder so tokens stay valid across restarts,
/// created on first start so that a fresh machine needs no set-up.
/// </summary>
public static class LocalSigningKey
{
    public static string LoadOrCreate(string dataPath, string fileName = "signing-key")
    {
        var file = Path.Combine(dataPath, fileName);
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        Directory.CreateDirectory(dataPath);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(file, key);
        return key;
    }
}
