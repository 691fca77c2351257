using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Budgets;
using FinInfra.Domain.Common;
using FinInfra.Domain.Documents;
using FinInfra.Domain.ExchangeRates;
using FinInfra.Domain.Goals;
using FinInfra.Domain.NetWorth;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence;

/// <summary>
/// The model, shared by both providers. Two named global query filters guard every read:
/// <see cref="QueryFilters.Owner"/> limits rows to the current user (lifted only in a system scope, by
/// <see cref="ScopedQueryProvider"/>), and
/// <see cref="QueryFilters.SoftDelete"/> hides soft-deleted rows (an account's transactions with it, through the
/// <c>account_deleted</c> copy on each transaction).
/// Provider specifics (column types, JSON, time) live in one subclass per engine (<see cref="SqliteAppDbContext"/>,
/// <see cref="PostgresAppDbContext"/>, and those in the SQL Server and MySQL assemblies), each with its own migration set.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options)
{
    // Until UseScope attaches the request's scope: nobody, so the owner filter matches no row.
    private DataScope _scope = new(NoUser.Instance);

    public DbSet<User> Users => Set<User>();
    public DbSet<BankConnection> BankConnections => Set<BankConnection>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Transaction> Transactions => Set<Transaction>();
    public DbSet<Budget> Budgets => Set<Budget>();
    public DbSet<Goal> Goals => Set<Goal>();
    public DbSet<NetWorthSnapshot> NetWorthSnapshots => Set<NetWorthSnapshot>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<ProviderRevocation> ProviderRevocations => Set<ProviderRevocation>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<AccountValuation> AccountValuations => Set<AccountValuation>();
    public DbSet<History.AccountBalanceDay> BalanceDays => Set<History.AccountBalanceDay>();

    /// <summary>Reference data shared by every user: no owner, so no <see cref="QueryFilters.Owner"/> filter.</summary>
    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();

    public DataScope Scope => _scope;

    /// <summary>
    /// True when the engine compares row values, <c>(date, id) &lt; (@d, @i)</c>, inside an index condition, so the
    /// compiled keyset page uses that form (<see cref="Repositories.CompiledQueries"/>); otherwise the bounded OR.
    /// </summary>
    protected internal virtual bool SeeksRowValueKeysets => false;

    /// <summary>
    /// Attaches the scope the query filters read: once for a new context, and again each time the context pool leases
    /// this instance to a new request (<see cref="Engines.DatabaseEngine{TContext}.AddContext"/>), which also clears
    /// what the previous lease left on the context itself (EF resets its own state: tracked entities, options, the connection).
    /// </summary>
    public void UseScope(DataScope scope)
    {
        if (_primaryConnectionString is not null) ReadFromPrimary();
        _scope = scope;
        _writeInstant = null;
        OwnSaveTransaction = null;
        RestoringRows = false;
    }

    private DateTimeOffset? _writeInstant;

    // The primary's connection string while a routed query reads from the read replica (SQL_READ_URL); null otherwise,
    // and always null when read routing is off.
    private string? _primaryConnectionString;

    /// <summary>True while this context's queries go to the read replica (<see cref="ReadRouting.ReadRoutingBehaviour{TMessage, TResponse}"/>).</summary>
    internal bool ReadsFromReplica => _primaryConnectionString is not null;

    /// <summary>
    /// Points this context's next connection at the read replica: the same context, model and query filters (the
    /// request's <see cref="DataScope"/>), another connection string. Refused (false) while a connection or a
    /// transaction is open, since those belong to the primary.
    /// </summary>
    internal bool TryReadFromReplica(string replicaConnectionString)
    {
        if (_primaryConnectionString is not null) return true;
        if (Database.CurrentTransaction is not null || Database.GetDbConnection().State != System.Data.ConnectionState.Closed) return false;
        _primaryConnectionString = Database.GetConnectionString();
        Database.SetConnectionString(replicaConnectionString);
        return true;
    }

    /// <summary>Points this context back at the primary (after a routed query, and at each lease of a pooled instance).</summary>
    internal void ReadFromPrimary()
    {
        if (_primaryConnectionString is null) return;
        if (Database.CurrentTransaction is not null)
            throw new InvalidOperationException("A query left a transaction open on the read replica.");
        Database.CloseConnection();
        Database.SetConnectionString(_primaryConnectionString);
        _primaryConnectionString = null;
    }

    /// <summary>
    /// The instant the changes staged since the last save are stamped with: taken at the first stamp and kept until
    /// that write ends, so a row stamped when it was staged and the row the save stores agree.
    /// </summary>
    internal DateTimeOffset WriteInstant(TimeProvider clock) => _writeInstant ??= clock.GetUtcNow();

    internal void EndWrite() => _writeInstant = null;

    /// <summary>A transaction the auditing interceptor began for one save that had none (see <c>AccountDeletedFlag</c>).</summary>
    internal Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? OwnSaveTransaction { get; set; }

    /// <summary>
    /// True while an archive's rows are restored (<see cref="Archive.UserArchive"/>): they keep the created/updated instants
    /// they were exported with instead of being stamped as new.
    /// </summary>
    internal bool RestoringRows { get; set; }

    // Read by the owner filter on every query execution (EF parameterises members of the context). A system scope does
    // not make it true: it removes it from the query (ScopedQueryProvider), so a user's query stays a plain
    // `user_id = @p` that the (user_id, …) indexes serve.
    private Guid? ScopeUserId => _scope.UserId;

    /// <summary>The column type of the JSON columns: the engine's JSON type where it has one.</summary>
    protected abstract string JsonColumnType { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        var jsonType = JsonColumnType;
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.FindAnnotation(ModelAnnotations.Json) is not null) property.SetColumnType(jsonType);
            if (property.ClrType.IsEnum && !property.ClrType.IsDefined(typeof(FlagsAttribute), false)) property.SetValueConverter(SnakeCaseEnumConverter.For(property.ClrType));
        }

        modelBuilder.Entity<User>().HasQueryFilter(QueryFilters.Owner, u => u.Id == ScopeUserId);
        OwnerFilter<BankConnection>(modelBuilder);
        OwnerFilter<NetWorthSnapshot>(modelBuilder);
        OwnerFilter<RefreshToken>(modelBuilder);
        OwnerFilter<Idempotency.IdempotencyRecord>(modelBuilder);
        OwnerFilter<AccountValuation>(modelBuilder);
        OwnerFilter<History.AccountBalanceDay>(modelBuilder);
        OwnedSoftDeletable<Account>(modelBuilder);
        OwnedSoftDeletable<Budget>(modelBuilder);
        OwnedSoftDeletable<Goal>(modelBuilder);
        OwnedSoftDeletable<Document>(modelBuilder);
        OwnerFilter<Transaction>(modelBuilder);
        modelBuilder.Entity<Transaction>().HasQueryFilter(QueryFilters.SoftDelete, t => !EF.Property<bool>(t, Configurations.TransactionColumns.AccountDeleted));
    }

    private void OwnerFilter<T>(ModelBuilder modelBuilder) where T : class, IOwnedByUser =>
        modelBuilder.Entity<T>().HasQueryFilter(QueryFilters.Owner, e => e.UserId == ScopeUserId);

    private void OwnedSoftDeletable<T>(ModelBuilder modelBuilder) where T : SoftDeletableEntity
    {
        OwnerFilter<T>(modelBuilder);
        modelBuilder.Entity<T>().HasQueryFilter(QueryFilters.SoftDelete, e => e.DeletedAt == null);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<decimal>().HavePrecision(19, 4);
        configurationBuilder.Properties<string>().HaveMaxLength(255);
        configurationBuilder.Properties<Enum>().HaveMaxLength(32);
        configurationBuilder.Properties<CurrencyCode>().HaveConversion<CurrencyCodeConverter>().HaveMaxLength(CurrencyCode.MaxLength);
    }
}

/// <summary>The names of the global query filters, for <c>IgnoreQueryFilters([...])</c>.</summary>
public static class QueryFilters
{
    public const string Owner = "Owner";
    public const string SoftDelete = "SoftDelete";
}

internal static class ModelAnnotations
{
    public const string Json = "FinInfra:Json";
}

/// <summary>No signed-in user: a scope on it matches no owned row (a context before its lease, the design-time model).</summary>
internal sealed class NoUser : FinInfra.Application.Common.Abstractions.ICurrentUser
{
    public static readonly NoUser Instance = new();

    public Guid? UserId => null;
}
