using System.Runtime.CompilerServices;
using System.Data.Common;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.Interceptors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinInfra.Infrastructure.Persistence.Engines;

/// <summary>What a database error means for the caller, whichever engine raised it.</summary>
public enum DatabaseFailure
{
    /// <summary>Not one the request can have caused: the service's fault or an outage.</summary>
    Other,
    /// <summary>A duplicate key or a missing related row.</summary>
    ConstraintViolation,
    /// <summary>A number too large for its column.</summary>
    NumericOutOfRange,
    /// <summary>
    /// The database cannot be reached or went away mid-request (connection refused or broken, server shutting down, a
    /// connection killed, SQLite busy past its timeout): not the client's fault and not a bug; retry later.
    /// </summary>
    Unavailable,
    /// <summary>
    /// The transaction lost to a concurrent one: a deadlock victim or a serialization failure. Nothing was stored and the
    /// same work, run again from the start, normally succeeds: the transaction step retries it a bounded number of times.
    /// </summary>
    TransientConflict,
}

/// <summary>
/// One database engine: how FinInfra's context is opened on it (its provider, its migration set), how it locks a row,
/// and what its errors mean. SQLite and PostgreSQL are built in; SQL Server and MySQL/MariaDB live in their own
/// assemblies and are found by <see cref="DatabaseEngines"/>. Nothing outside these classes asks which engine it is on.
/// </summary>
public abstract class DatabaseEngine
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>The engine's <see cref="AppDbContext"/> subclass, whose assembly holds its migration set.</summary>
    public abstract Type ContextType { get; }

    /// <summary>The ADO.NET factory, for the few things done below EF (tests, schema checks).</summary>
    public abstract DbProviderFactory ConnectionFactory { get; }

    /// <summary>Registers the engine's context, as itself and as <see cref="AppDbContext"/>.</summary>
    public abstract void AddContext(IServiceCollection services, DatabaseSettings settings);

    /// <summary>A context outside a container (tools, tests), with the given interceptors after the engine's own.</summary>
    public abstract AppDbContext CreateContext(string connectionString, DataScope scope, params IInterceptor[] interceptors);

    /// <summary>A context for the model and the migration set alone (<c>dotnet ef</c>, <c>db check</c>): no database is contacted.</summary>
    public abstract AppDbContext CreateModelContext();

    /// <summary>A well-formed connection string that names no real database, for <see cref="CreateModelContext"/>.</summary>
    protected abstract string ModelOnlyConnectionString { get; }

    /// <summary>What <paramref name="exception"/> (or an exception inside it) means, when it is this engine's.</summary>
    public abstract DatabaseFailure Classify(DbException exception);

    /// <summary>
    /// SQL that locks one row of <paramref name="table"/> (a table name of the model, never client text) by id until the
    /// transaction ends, so two writers of that row's dependants queue up (two syncs of one connection, two recomputations
    /// of one account's history); null where the transaction already holds the only write lock (SQLite).
    /// </summary>
    public virtual FormattableString? LockRowSql(string table, Guid id) =>
        FormattableStringFactory.Create($"SELECT 1 FROM {table} WHERE id = {{0}} FOR UPDATE", id);

    /// <summary>
    /// What ends an <c>INSERT … VALUES (…)</c> so that a row a unique key refuses is skipped instead of failing: a claim
    /// that another writer already holds (an idempotency key), where the loser reads the winner's row rather than raise,
    /// and log, an error. Null where the engine has no such clause; the caller then catches the failed insert.
    /// </summary>
    public virtual string? SkipDuplicateInsertClause => null;

    /// <summary>Locks one bank connection's row (<see cref="LockRowSql"/>), so two syncs of one connection queue up.</summary>
    public FormattableString? LockConnectionRowSql(Guid connectionId) => LockRowSql("bank_connections", connectionId);

    /// <summary>
    /// Begins a read-only snapshot on <paramref name="db"/>: until it is disposed, every query sees the database as it was at
    /// the first read, so rows read by several queries agree (a user's export). REPEATABLE READ, which PostgreSQL and
    /// MariaDB/MySQL (InnoDB) serve from a snapshot without blocking writers.
    /// </summary>
    public virtual async Task<IAsyncDisposable> BeginReadSnapshotAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

    /// <summary>
    /// The bulk import's engine half (<see cref="Application.Transactions.Common.ITransactionBulkWriter"/>): the generic path through
    /// tracked entities unless the engine has a faster one (COPY on PostgreSQL, multi-row upserts on SQLite and MariaDB).
    /// </summary>
    public virtual Application.Transactions.Common.ITransactionBulkWriter CreateTransactionBulkWriter(AppDbContext db) =>
        new BulkImport.EfTransactionBulkWriter(db);

    /// <summary>How <see cref="History.BalanceDayWriter"/> inserts recomputed balance days on this engine.</summary>
    internal virtual History.BalanceDayWriter.InsertPath BalanceDayInserts => History.BalanceDayWriter.InsertPath.MultiRowValues;

    /// <summary>True when the database lives on a server (created by <c>setup-and-migrate</c>), false for a file.</summary>
    public virtual bool IsServer => true;
}

/// <summary>The common shape of an engine whose context is <typeparamref name="TContext"/>.</summary>
public abstract class DatabaseEngine<TContext> : DatabaseEngine where TContext : AppDbContext
{
    public sealed override Type ContextType => typeof(TContext);

    /// <summary>Selects the provider (<c>UseSqlite</c>, <c>UseNpgsql</c>, …) with the shared migrations history table.</summary>
    protected abstract DbContextOptionsBuilder<TContext> UseProvider(DbContextOptionsBuilder<TContext> options, string connectionString);

    /// <summary>A context on these options; its scope is attached by the caller (<see cref="AppDbContext.UseScope"/>).</summary>
    protected abstract TContext Create(DbContextOptions<TContext> options);

    /// <summary>Interceptors the engine needs on every context (SQLite's pragmas).</summary>
    protected virtual IEnumerable<IInterceptor> EngineInterceptors(string connectionString) => [];

    /// <summary>
    /// One context per request (scoped), with the request's <see cref="DataScope"/>. The options are built once (a
    /// singleton: they depend on nothing scoped), and by default (<c>Database:ContextPooling</c>, on) the instances come
    /// from EF's context pool: a request leases a context whose internal services are already set up, attaches its own
    /// scope, and returns it reset when the request's scope ends. Off, each request builds a new context.
    /// </summary>
    public sealed override void AddContext(IServiceCollection services, DatabaseSettings settings)
    {
        void Options(IServiceProvider sp, DbContextOptionsBuilder options) =>
            Configure(options, settings.ConnectionString, sp.GetRequiredService<AuditingInterceptor>()).EnableThreadSafetyChecks(settings.ThreadSafetyChecks);
        if (settings.ContextPooling)
        {
            // Registered once, as AppDbContext only: the container disposes every instance a registration returns, so a
            // second registration forwarding to the same lease (TContext → AppDbContext) disposed it twice, and the second
            // dispose could hand back to the pool a context another request had just leased (seen as "Cannot access a
            // disposed context instance" under load; PooledContextTests holds this).
            services.AddPooledDbContextFactory<TContext>(Options);
            services.AddScoped<AppDbContext>(sp => Leased(sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext(), sp.GetRequiredService<DataScope>()));
        }
        else
        {
            services.AddDbContext<TContext>(Options, optionsLifetime: ServiceLifetime.Singleton);
            services.Replace(ServiceDescriptor.Scoped(sp => Leased(Create(sp.GetRequiredService<DbContextOptions<TContext>>()), sp.GetRequiredService<DataScope>())));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<TContext>());
        }
    }

    private static TContext Leased(TContext context, DataScope scope)
    {
        context.UseScope(scope);
        return context;
    }

    public sealed override AppDbContext CreateContext(string connectionString, DataScope scope, params IInterceptor[] interceptors) =>
        Leased(Create(Configure(new DbContextOptionsBuilder<TContext>(), connectionString, interceptors).Options), scope);

    /// <summary>The context <c>dotnet ef</c> builds at design time: the model only, no database is contacted.</summary>
    public TContext CreateDesignTimeContext() =>
        Leased(Create(Configure(new DbContextOptionsBuilder<TContext>(), ModelOnlyConnectionString).Options), new DataScope(NoUser.Instance));

    public sealed override AppDbContext CreateModelContext() => CreateDesignTimeContext();

    private DbContextOptionsBuilder<TContext> Configure(DbContextOptionsBuilder options, string connectionString, params IInterceptor[] interceptors)
    {
        var typed = (DbContextOptionsBuilder<TContext>)options;
        UseProvider(typed, connectionString).UseSnakeCaseNamingConvention()
            .AddInterceptors([.. EngineInterceptors(connectionString), .. interceptors])
            .ReplaceService<Microsoft.EntityFrameworkCore.Query.IAsyncQueryProvider, ScopedQueryProvider>();
        return typed;
    }
}
