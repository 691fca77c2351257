using System.Security.Cryptography;
using FinInfra.Application.BankSync;
using FinInfra.Application.BankSync.SyncConnection;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure;
using FinInfra.Infrastructure.BankProviders;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Security;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinInfra.Integration.Tests.BankSync;

/// <summary>
/// The sync stack without HTTP: the real persistence, secret protector, provider registry, lock and synchronizer
/// over a migrated test database. Work runs in a fresh service scope acting as a user (as the scheduler does), so
/// concurrent calls each get their own DbContext and database connection.
/// </summary>
public sealed class SyncHarness : IAsyncDisposable
{
    private SyncHarness(TestDatabase database, ServiceProvider services)
    {
        Database = database;
        Services = services;
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public static async Task<SyncHarness> CreateAsync(DatabaseProvider provider, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var database = await TestDatabase.CreateMigratedAsync(provider);
        try
        {
            return new SyncHarness(database, BuildServices(database, settings, configure));
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    private static ServiceProvider BuildServices(TestDatabase database, IDictionary<string, string?>? settings, Action<IServiceCollection>? configure)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [BankProviderRegistration.SandboxEnabledKey] = "true" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ICurrentUser, NobodySignedIn>();
        FinInfra.Application.DependencyInjection.AddApplication(services);
        DependencyInjection.AddPersistence(services, database.Settings);
        var keys = new EncryptionKeyRing(new Dictionary<string, byte[]> { ["test"] = RandomNumberGenerator.GetBytes(32) }, "test");
        services.AddSingleton(keys);
        services.AddSingleton<ISecretProtector, AesGcmSecretProtector>();
        services.AddBankProviders(configuration, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Testing" });
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Swaps the configured adapters for <paramref name="provider"/>, keeping the built-in sandbox.</summary>
    public static void UseProvider(IServiceCollection services, IBankProvider provider)
    {
        services.RemoveAll<IBankProvider>();
        services.AddSingleton<IBankProvider>(new FinInfra.Infrastructure.BankProviders.Sandbox.SandboxBankProvider());
        services.AddSingleton(provider);
    }

    public async Task<T> AsUserAsync<T>(Guid userId, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<IDataScope>().BeginUserScope(userId);
        return await work(scope.ServiceProvider);
    }

    public async Task<Guid> CreateUserAsync()
    {
        var user = User.Register(Email.Create($"{Guid.NewGuid():N}@example.com"), "pbkdf2-sha256$1$salt$hash");
        await using var db = Database.CreateContext(systemScope: true);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>Exchanges <paramref name="publicToken"/> with the provider and stores the connection, as the connect route does.</summary>
    public Task<Guid> ConnectAsync(Guid userId, BankProvider provider, string publicToken) => AsUserAsync(userId, async sp =>
    {
        var link = await sp.GetRequiredService<IBankProviderRegistry>().Resolve(provider).ExchangePublicTokenAsync(publicToken, CancellationToken.None);
        var connection = BankConnection.Connect(userId, provider, link.ItemId, link.InstitutionName, link.AccessToken, sp.GetRequiredService<ISecretProtector>());
        var db = sp.GetRequiredService<AppDbContext>();
        db.BankConnections.Add(connection);
        await db.SaveChangesAsync();
        return connection.Id;
    });

    public Task<SyncResult> SyncAsync(Guid userId, Guid connectionId) =>
        AsUserAsync(userId, sp => sp.GetRequiredService<BankConnectionSynchronizer>().SyncAsync(connectionId, CancellationToken.None));

    public async Task<BankConnection> ConnectionAsync(Guid connectionId)
    {
        await using var db = Database.CreateContext(systemScope: true);
        return await db.BankConnections.AsNoTracking().SingleAsync(c => c.Id == connectionId);
    }

    /// <summary>The connection's visible transactions (accounts not soft-deleted), by provider id.</summary>
    public async Task<Dictionary<string, Transaction>> TransactionsAsync(Guid connectionId)
    {
        await using var db = Database.CreateContext(systemScope: true);
        var accountIds = await db.Accounts.Where(a => a.ConnectionId == connectionId).Select(a => a.Id).ToListAsync();
        var rows = await db.Transactions.AsNoTracking().Where(t => accountIds.Contains(t.AccountId)).ToListAsync();
        return rows.ToDictionary(t => t.TransactionId);
    }

    /// <summary>Every stored transaction row of the connection, including those of soft-deleted accounts.</summary>
    public async Task<int> StoredTransactionRowsAsync(Guid connectionId)
    {
        await using var db = Database.CreateContext(systemScope: true);
        var accountIds = await db.Accounts.IgnoreQueryFilters([QueryFilters.SoftDelete]).Where(a => a.ConnectionId == connectionId).Select(a => a.Id).ToListAsync();
        return await db.Transactions.IgnoreQueryFilters([QueryFilters.SoftDelete]).CountAsync(t => accountIds.Contains(t.AccountId));
    }

    public async Task<List<Domain.Accounts.Account>> AccountsAsync(Guid connectionId, bool includeDeleted = false)
    {
        await using var db = Database.CreateContext(systemScope: true);
        var query = includeDeleted ? db.Accounts.IgnoreQueryFilters([QueryFilters.SoftDelete]) : db.Accounts;
        return await query.AsNoTracking().Where(a => a.ConnectionId == connectionId).OrderBy(a => a.AccountId).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }

    private sealed class NobodySignedIn : ICurrentUser
    {
        public Guid? UserId => null;
    }
}
