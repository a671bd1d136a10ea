using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Platform.Embedded.Storage;

/// <summary>
/// One SQLite file in WAL mode: readers never block the single writer, and a crash loses no committed write. The file belongs
/// to this process (see <see cref="DataSourceOf"/>): connections within it share it, another process cannot open it.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly ConcurrentBag<PreparedConnection> _idleReaders = [];
    private int _idleCount;
    private volatile bool _disposed;

    // Connections kept open with their statements prepared; more readers than this at once open extra ones, closed after use.
    private const int MaxIdleReaders = 16;

    public SqliteDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DataSourceOf(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        try
        {
            // The first statement takes the file's lock: held by another process, it stays busy for as long as that runs.
            Execute(connection, "PRAGMA journal_mode=WAL;", timeoutSeconds: 2);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_BUSY)
        {
            throw new InvalidOperationException(
                $"{Path.GetFullPath(path)} is in use by another process: an embedded host already runs on this data folder. "
                + "Stop it, or give this one another folder (Platform:Embedded:DataPath).", e);
        }
    }

    /// <summary>
    /// On Unix, the file is opened with SQLite's <c>unix-excl</c> VFS: the process takes the file's lock once and keeps it,
    /// and the WAL index lives in this process's memory instead of a shared <c>-shm</c> file. Without it every read
    /// transaction took and released POSIX locks (<c>fcntl</c>), 8% of the embedded host's CPU on a note read. The embedded
    /// host is the only process that uses its data folder; a second one (or a CLI) gets "database is locked" while it runs.
    /// </summary>
    internal static string DataSourceOf(string path) => OperatingSystem.IsWindows()
        ? path
        : new Uri(Path.GetFullPath(path)).AbsoluteUri + "?vfs=unix-excl";

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

    /// <summary>
    /// Runs <paramref name="read"/> with <paramref name="sql"/> prepared on a connection that stays open: the statement is
    /// parsed and planned once per connection, not on every call (for a point read that was most of SQLite's work). The
    /// command's parameters are created from <paramref name="parameterNames"/> once; <paramref name="read"/> sets their values.
    /// For short reads only: the connection goes back to the pool when <paramref name="read"/> returns.
    /// </summary>
    public T Read<T>(string sql, string[] parameterNames, Func<SqliteCommand, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idleReaders.TryTake(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
        }
        else
        {
            reader = new PreparedConnection(OpenAsync(CancellationToken.None).GetAwaiter().GetResult());
        }

        T result;
        try
        {
            result = read(reader.Prepared(sql, parameterNames));
        }
        catch
        {
            // The connection's state after a failure is unknown: do not hand it to the next reader.
            reader.Dispose();
            throw;
        }

        if (!_disposed && Interlocked.Increment(ref _idleCount) <= MaxIdleReaders)
        {
            _idleReaders.Add(reader);
        }
        else
        {
            Interlocked.Decrement(ref _idleCount);
            reader.Dispose();
        }

        return result;
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idleReaders.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private sealed class PreparedConnection(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public SqliteCommand Prepared(string sql, string[] parameterNames)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var name in parameterNames)
                {
                    command.Parameters.Add(new SqliteParameter { ParameterName = name });
                }

                command.Prepare();
                _commands.Add(sql, command);
            }

            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            connection.Dispose();
        }
    }

    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Marker = new();

    public void Migrate(string sql)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, sql);
    }

    private static void Execute(SqliteConnection connection, string sql, int? timeoutSeconds = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (timeoutSeconds is { } seconds)
        {
            command.CommandTimeout = seconds;
        }

        command.ExecuteNonQuery();
    }
}
