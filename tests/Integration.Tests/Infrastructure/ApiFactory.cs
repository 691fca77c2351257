using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.Engines;
using FinInfra.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FinInfra.Integration.Tests.Infrastructure;

/// <summary>
/// The real API in memory, over a migrated database of its own on a real engine (SQLite file, PostgreSQL or MariaDB),
/// in the "Testing" environment with fixed keys. The clock is a <see cref="TestClock"/> that only moves when a
/// test moves it; password hashing is cheap (so tests can register many users); the login rate limit is out of
/// the way unless a test sets <c>RateLimiting:Auth:PermitLimit</c>. Create with <see cref="CreateAsync"/>.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string JwtSigningKey = "dGVzdC1vbmx5LWp3dC1zaWduaW5nLWtleS10aGF0LWlzLWF0LWxlYXN0LTMyLWJ5dGVz";
    public const string EncryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private ApiFactory(TestDatabase database, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        Database = database;
        _settings = settings;
        _services = services;
    }

    public TestDatabase Database { get; }

    public DatabaseProvider Provider => Database.Provider;

    public TestClock Clock { get; } = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero));

    /// <param name="settings">Configuration that overrides the test defaults (visible to ApiHost.AddServices).</param>
    /// <param name="services">Service replacements, applied after the application's own registrations.</param>
    public static async Task<ApiFactory> CreateAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var database = await TestDatabase.CreateMigratedAsync(provider);
        return new ApiFactory(database, settings ?? new Dictionary<string, string?>(), services);
    }

    /// <summary>The API over a database the test made itself (the factory disposes it).</summary>
    public static ApiFactory Create(TestDatabase database, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(database, settings ?? new Dictionary<string, string?>(), services);

    /// <summary>
    /// Configures the engine's own context type (<c>PostgresAppDbContext</c>, the MySQL extra's context, …) without naming
    /// it: the MySQL extra is loaded at run time and the tests do not reference it.
    /// </summary>
    public static void ConfigureEngineContext(IServiceCollection services, DatabaseProvider provider, Action<DbContextOptionsBuilder> configure)
    {
        var engineType = DatabaseEngines.For(provider).GetType();
        while (engineType is not null && !(engineType.IsGenericType && engineType.GetGenericTypeDefinition() == typeof(DatabaseEngine<>)))
            engineType = engineType.BaseType;
        var contextType = engineType?.GetGenericArguments()[0] ?? throw new InvalidOperationException($"{provider}'s engine names no context type.");
        typeof(EntityFrameworkServiceCollectionExtensions).GetMethods()
            .Single(m => m.Name == nameof(EntityFrameworkServiceCollectionExtensions.ConfigureDbContext) && m.GetParameters()[1].ParameterType == typeof(Action<DbContextOptionsBuilder>))
            .MakeGenericMethod(contextType)
            .Invoke(null, [services, configure, ServiceLifetime.Scoped]);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["SQL_URL"] = "",
            ["ConnectionStrings:Default"] = Database.Settings.ConnectionString,
            ["Database:Provider"] = Database.Provider.ToString().ToLowerInvariant(),
            ["Database:MigrateOnStartup"] = "false",
            // The service runs without EF's detector of a context shared by two operations; the tests keep it.
            ["Database:ThreadSafetyChecks"] = "true",
            ["Encryption:Keys:test"] = EncryptionKey,
            ["Encryption:ActiveKeyId"] = "test",
            ["Jwt:SigningKey"] = JwtSigningKey,
            ["RateLimiting:Auth:PermitLimit"] = "100000",
            ["BankProviders:Sandbox:Enabled"] = "true",
            // In-memory test server over plain HTTP (never allowed in Production).
            ["Https:Mode"] = "none",
            // Tests run the extraction worker themselves (RunOnceAsync), never on its timer.
            ["Documents:Extraction:Enabled"] = "false",
            // Likewise the revocation retries and the purge of deleted documents' files.
            ["BankSync:Revocations:Enabled"] = "false",
            ["Documents:Purge:Enabled"] = "false",
            ["Maintenance:ExpiredRows:Enabled"] = "false",
            ["NetWorth:DailySnapshots:Enabled"] = "false",
            // No warm-up queries at start: tests count and intercept the statements they cause.
            ["Warmup:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in _settings) settings[key] = value;
        // UseSetting (not ConfigureAppConfiguration) so the values are already there when Program builds its services.
        foreach (var (key, value) in settings) builder.UseSetting(key, value);

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IPasswordHasher>(new Pbkdf2PasswordHasher(iterations: 1_000));
            _services?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
