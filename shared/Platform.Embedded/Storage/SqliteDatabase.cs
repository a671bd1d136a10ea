using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Platform.Embedded.Storage;

/// <summary>One SQLite file in WAL mode: readers never block the single writer, and a crash loses no committed write.</summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // WAL makes NORMAL durable against process crashes; busy_timeout lets writers queue instead of failing. Both are
        // settings of the native connection, which the pool keeps open: set them once per native connection, not per open
        // (that was a second statement on every point read).
        if (connection.Handle is { } handle && !Configured.TryGetValue(handle, out _))
        {
            Execute(connection, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;");
            Configured.AddOrUpdate(handle, Marker);
        }

        return connection;
    }

    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Marker = new();

    public void Migrate(string sql)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, sql);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
