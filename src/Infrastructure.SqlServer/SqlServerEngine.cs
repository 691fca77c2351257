using System.Data.Common;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Engines;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.SqlServer;

/// <summary>SQL Server and Azure SQL through Microsoft.EntityFrameworkCore.SqlServer (MIT).</summary>
public sealed class SqlServerEngine : DatabaseEngine<SqlServerAppDbContext>
{
    // https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors
    private const int UniqueIndexViolation = 2601;
    private const int UniqueConstraintViolation = 2627;
    private const int ReferenceConstraintConflict = 547;
    private const int ArithmeticOverflow = 8115;
    private const int DeadlockVictim = 1205;
    private const int SnapshotUpdateConflict = 3960;
    // Connection failures: timeout, network path, transport, connection forcibly closed, server not found, shutting down,
    // database unavailable (Azure SQL's transient numbers).
    private static readonly HashSet<int> ConnectionFailures = [-2, 2, 53, 64, 233, 10053, 10054, 10060, 6005, 40613, 40197, 40501, 49918, 49919, 49920];

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override DbProviderFactory ConnectionFactory => SqlClientFactory.Instance;

    protected override string ModelOnlyConnectionString => "Server=localhost;Database=fininfra_design;Integrated Security=true;TrustServerCertificate=true";

    protected override DbContextOptionsBuilder<SqlServerAppDbContext> UseProvider(DbContextOptionsBuilder<SqlServerAppDbContext> options, string connectionString) =>
        options.UseSqlServer(connectionString, sql => sql.MigrationsHistoryTable(MigrationHistory.Table));

    protected override SqlServerAppDbContext Create(DbContextOptions<SqlServerAppDbContext> options) => new(options);

    public override DatabaseFailure Classify(DbException exception) => exception switch
    {
        SqlException { Number: UniqueIndexViolation or UniqueConstraintViolation or ReferenceConstraintConflict } => DatabaseFailure.ConstraintViolation,
        SqlException { Number: ArithmeticOverflow } => DatabaseFailure.NumericOutOfRange,
        SqlException { Number: DeadlockVictim or SnapshotUpdateConflict } => DatabaseFailure.TransientConflict,
        SqlException { Number: var number } when ConnectionFailures.Contains(number) => DatabaseFailure.Unavailable,
        _ => DatabaseFailure.Other,
    };

    /// <summary>An update lock on the one row, held (HOLDLOCK) until the transaction ends.</summary>
    public override FormattableString? LockRowSql(string table, Guid id) =>
        System.Runtime.CompilerServices.FormattableStringFactory.Create($"SELECT 1 FROM {table} WITH (UPDLOCK, ROWLOCK, HOLDLOCK) WHERE id = {{0}}", id);
}
