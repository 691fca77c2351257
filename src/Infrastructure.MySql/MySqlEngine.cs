using System.Data.Common;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MySql.Data.MySqlClient;

namespace FinInfra.Infrastructure.MySql;

/// <summary>MySQL and MariaDB through Oracle's MySql.EntityFrameworkCore (GPL-2.0 with the Universal FOSS Exception).</summary>
public sealed class MySqlEngine : DatabaseEngine<MySqlAppDbContext>
{
    // https://mariadb.com/kb/en/mariadb-error-codes/ — the numbers are the same on MySQL.
    private const int DuplicateEntry = 1062;
    private const int ForeignKeyParentMissing = 1452;
    private const int ForeignKeyChildExists = 1451;
    private const int ForeignKeyParentMissingOld = 1216;
    private const int ForeignKeyChildExistsOld = 1217;
    private const int OutOfRangeValue = 1264;
    private const int OutOfRangeExpression = 1690;
    // ER_LOCK_DEADLOCK: InnoDB rolled the whole transaction back (a lock wait timeout, 1205, rolls back one statement only, and is not retried).
    private const int Deadlock = 1213;
    private const int TooManyConnections = 1040;
    private const int UnableToConnect = 1042;
    private const int ServerShutdown = 1053;
    private const int ConnectionKilled = 1927;
    private const int ServerGone = 2006;
    private const int ConnectionLost = 2013;

    public override DatabaseProvider Provider => DatabaseProvider.MySql;

    public override DbProviderFactory ConnectionFactory => MySqlClientFactory.Instance;

    protected override string ModelOnlyConnectionString => "Server=localhost;Database=fininfra_design;User ID=fininfra;CharSet=utf8mb4";

    protected override DbContextOptionsBuilder<MySqlAppDbContext> UseProvider(DbContextOptionsBuilder<MySqlAppDbContext> options, string connectionString) =>
        options.UseMySQL(connectionString, mysql => mysql.MigrationsHistoryTable(MigrationHistory.Table));

    protected override IEnumerable<IInterceptor> EngineInterceptors(string connectionString) => [MariaDbDialectInterceptor.Instance, ReadCommittedTransactionInterceptor.Instance];

    protected override MySqlAppDbContext Create(DbContextOptions<MySqlAppDbContext> options) => new(options);

    public override Application.Transactions.Common.ITransactionBulkWriter CreateTransactionBulkWriter(AppDbContext db) => new MySqlTransactionBulkWriter(db);

    /// <summary>
    /// A no-op update of the refused row (every table of the model has an <c>id</c>). Not <c>INSERT IGNORE</c>, which
    /// would also turn other errors (a missing parent row, a value out of range) into warnings.
    /// </summary>
    public override string? SkipDuplicateInsertClause => "ON DUPLICATE KEY UPDATE id = id";

    public override DatabaseFailure Classify(DbException exception) => exception switch
    {
        MySqlException { Number: DuplicateEntry or ForeignKeyParentMissing or ForeignKeyChildExists or ForeignKeyParentMissingOld or ForeignKeyChildExistsOld }
            => DatabaseFailure.ConstraintViolation,
        MySqlException { Number: OutOfRangeValue or OutOfRangeExpression } => DatabaseFailure.NumericOutOfRange,
        MySqlException { Number: Deadlock } => DatabaseFailure.TransientConflict,
        MySqlException { Number: TooManyConnections or UnableToConnect or ServerShutdown or ConnectionKilled or ServerGone or ConnectionLost }
            => DatabaseFailure.Unavailable,
        // A connection that broke mid-command: Connector/NET reports "fatal error" around the socket's own exception.
        MySqlException { InnerException: IOException or System.Net.Sockets.SocketException or EndOfStreamException } => DatabaseFailure.Unavailable,
        _ => DatabaseFailure.Other,
    };
}
