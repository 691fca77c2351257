using System.Data.Common;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.Interceptors;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace FinInfra.Infrastructure.Persistence.Engines;

/// <summary>SQLite: a file, one writer at a time (the transaction is the lock), constraint errors as code 19.</summary>
public sealed class SqliteEngine : DatabaseEngine<SqliteAppDbContext>
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;

    public static readonly SqliteEngine Instance = new();

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override DbProviderFactory ConnectionFactory => SqliteFactory.Instance;

    public override bool IsServer => false;

    protected override string ModelOnlyConnectionString => "Data Source=design-time.db";

    protected override DbContextOptionsBuilder<SqliteAppDbContext> UseProvider(DbContextOptionsBuilder<SqliteAppDbContext> options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable(MigrationHistory.Table));

    protected override SqliteAppDbContext Create(DbContextOptions<SqliteAppDbContext> options) => new(options);

    protected override IEnumerable<IInterceptor> EngineInterceptors(string connectionString) =>
        [new SqlitePragmaInterceptor(new SqliteConnectionStringBuilder(connectionString).DefaultTimeout * 1000)];

    /// <summary>SQLite has no numeric overflow (decimals are text); busy or locked past the busy timeout is an outage.</summary>
    public override DatabaseFailure Classify(DbException exception) => exception switch
    {
        SqliteException { SqliteErrorCode: SqliteConstraint } => DatabaseFailure.ConstraintViolation,
        SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked } => DatabaseFailure.Unavailable,
        _ => DatabaseFailure.Other,
    };

    public override FormattableString? LockRowSql(string table, Guid id) => null;

    public override string? SkipDuplicateInsertClause => "ON CONFLICT DO NOTHING";

    public override Application.Transactions.Common.ITransactionBulkWriter CreateTransactionBulkWriter(AppDbContext db) => new BulkImport.SqliteTransactionBulkWriter(db);

    internal override History.BalanceDayWriter.InsertPath BalanceDayInserts => History.BalanceDayWriter.InsertPath.PreparedRow;

    /// <summary>
    /// A deferred transaction: in WAL mode it reads one snapshot from its first read on, and, unlike the IMMEDIATE
    /// transaction EF would begin, never takes the write lock, so writers carry on while it reads.
    /// </summary>
    public override async Task<IAsyncDisposable> BeginReadSnapshotAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        return new DeferredSnapshot(db, transaction);
    }

    private sealed class DeferredSnapshot(AppDbContext db, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.UseTransactionAsync(null);
            await transaction.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>PostgreSQL: numeric(19,4), jsonb, timestamptz; errors by SQLSTATE.</summary>
public sealed class PostgresEngine : DatabaseEngine<PostgresAppDbContext>
{
    public static readonly PostgresEngine Instance = new();

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override DbProviderFactory ConnectionFactory => NpgsqlFactory.Instance;

    protected override string ModelOnlyConnectionString => "Host=localhost;Database=fininfra_design";

    protected override DbContextOptionsBuilder<PostgresAppDbContext> UseProvider(DbContextOptionsBuilder<PostgresAppDbContext> options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(MigrationHistory.Table));

    protected override PostgresAppDbContext Create(DbContextOptions<PostgresAppDbContext> options) => new(options);

    public override Application.Transactions.Common.ITransactionBulkWriter CreateTransactionBulkWriter(AppDbContext db) => new BulkImport.PostgresTransactionBulkWriter(db);

    internal override History.BalanceDayWriter.InsertPath BalanceDayInserts => History.BalanceDayWriter.InsertPath.BinaryCopy;

    public override string? SkipDuplicateInsertClause => "ON CONFLICT DO NOTHING";

    public override DatabaseFailure Classify(DbException exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation } => DatabaseFailure.ConstraintViolation,
        PostgresException { SqlState: PostgresErrorCodes.NumericValueOutOfRange } => DatabaseFailure.NumericOutOfRange,
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure } => DatabaseFailure.TransientConflict,
        // Class 08 (connection exception) and 57P0x (shutdown, crash, cannot connect now).
        PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P0", StringComparison.Ordinal)
            => DatabaseFailure.Unavailable,
        PostgresException => DatabaseFailure.Other,
        NpgsqlException { IsTransient: true } or NpgsqlException { InnerException: IOException or System.Net.Sockets.SocketException } => DatabaseFailure.Unavailable,
        _ => DatabaseFailure.Other,
    };
}
