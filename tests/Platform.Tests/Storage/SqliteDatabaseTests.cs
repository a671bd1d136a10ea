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
