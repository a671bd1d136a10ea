using Microsoft.Data.Sqlite;
using Platform.Embedded.Storage;

namespace Platform.Tests.Storage;

/// <summary>The embedded database file belongs to the host's process: shared by its connections, locked against others.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sqlite-database-");

    private string FilePath => Path.Combine(_folder.FullName, "documents.db");

    [Fact]
    public void Connections_of_the_process_share_the_file_and_its_write_ahead_log_index_stays_in_memory()
    {
        using var first = new SqliteDatabase(FilePath);
        using var second = new SqliteDatabase(FilePath);
        first.Migrate("CREATE TABLE items (id TEXT PRIMARY KEY, body TEXT NOT NULL); INSERT INTO items VALUES ('a', 'from the first');");

        var read = second.Read("SELECT body FROM items WHERE id = $id", ["$id"], command =>
        {
            command.Parameters["$id"].Value = "a";
            return command.ExecuteScalar() as string;
        });

        Assert.Equal("from the first", read);
        Assert.True(File.Exists(FilePath + "-wal"), "the file is in WAL mode");
        Assert.False(File.Exists(FilePath + "-shm"), "no shared-memory index file: the index is in this process's memory");
    }

    [Fact] // Linux: POSIX locks are listed in /proc/locks.
    public void While_open_the_process_holds_a_write_lock_on_the_file_so_no_other_process_can_use_it()
    {
        using var database = new SqliteDatabase(FilePath);
        database.Migrate("CREATE TABLE items (id TEXT PRIMARY KEY);");

        // The lock stays between transactions (no statement is running now), keyed by the file's inode.
        var inode = Inode(FilePath);
        var held = File.ReadAllLines("/proc/locks").Where(line => line.Contains("POSIX", StringComparison.Ordinal)
            && line.Contains($" {Environment.ProcessId} ", StringComparison.Ordinal)
            && line.Contains($":{inode} ", StringComparison.Ordinal)).ToList();
        Assert.Contains(held, line => line.Contains("WRITE", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_another_process_holds_is_refused_at_once_naming_the_data_folder_setting()
    {
        using (new SqliteDatabase(FilePath))
        {
        }

        SqliteConnection.ClearAllPools();
        using var other = new FileStream(FilePath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        OtherProcessLock.Take(other);

        var refused = Assert.Throws<InvalidOperationException>(() => new SqliteDatabase(FilePath));

        Assert.Contains("Platform:Embedded:DataPath", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private static long Inode(string path)
    {
        var stat = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(stat)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return long.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// A write lock on SQLite's lock bytes that conflicts with this process's own locks as another process's would: an
/// open-file-description lock (Linux <c>F_OFD_SETLK</c>); <see cref="FileStream.Lock"/> takes a per-process one, which
/// never conflicts within the process.
/// </summary>
internal static class OtherProcessLock
{
    private const int OfdSetLock = 37; // F_OFD_SETLK
    private const short WriteLock = 1; // F_WRLCK

    public static void Take(FileStream file)
    {
        // From SQLite's PENDING byte (1 GiB) over its RESERVED and SHARED bytes.
        var range = new FileLockRange { Type = WriteLock, Start = 0x40000000, Length = 512 };
        if (Fcntl(file.SafeFileHandle.DangerousGetHandle().ToInt32(), OfdSetLock, ref range) != 0)
        {
            throw new IOException($"fcntl(F_OFD_SETLK) failed: {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern int Fcntl(int descriptor, int command, ref FileLockRange range);

    // struct flock on 64-bit Linux.
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct FileLockRange
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int ProcessId;
    }
}
