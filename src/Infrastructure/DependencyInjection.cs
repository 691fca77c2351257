using FinInfra.Infrastructure.BackgroundWork;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Quotas;
using FinInfra.Domain.Common;
using FinInfra.Infrastructure.BankProviders;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Documents;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Engines;
using FinInfra.Infrastructure.Persistence.Interceptors;
using FinInfra.Infrastructure.Persistence.ReadModels;
using FinInfra.Infrastructure.Persistence.Repositories;
using FinInfra.Infrastructure.Persistence.WritePorts;
using FinInfra.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FinInfra.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(TimeProvider.System);
        var startupNotes = new StartupNotes();
        services.AddSingleton(startupNotes);

        AddPersistence(services, DatabaseSettings.FromConfiguration(configuration), configuration["Database:ProvidersPath"]);
        services.AddSingleton(Idempotency.IdempotencySettings.FromConfiguration(configuration));
        AddSecrets(services, configuration, environment, startupNotes);
        services.AddSingleton(configuration.GetSection(UserQuotas.Section).Get<UserQuotas>() ?? new UserQuotas());
        services.AddSingleton(ExchangeRateSettingsFrom(configuration));
        services.AddBankProviders(configuration, environment);
        services.AddDocuments(configuration);
        services.AddPeriodicWork<BackgroundWork.ExpiredRowsSweep, BackgroundWork.ExpiredRowsOptions>(configuration, BackgroundWork.ExpiredRowsOptions.Section);
        services.AddPeriodicWork<NetWorth.DailySnapshotJob, NetWorth.DailySnapshotOptions>(configuration, NetWorth.DailySnapshotOptions.Section);
        // One user's archive: the db commands' export-user/import-user and GET /users/me/export use the same mechanism.
        services.AddScoped<Persistence.Archive.UserArchive>();
        services.AddScoped<FinInfra.Application.Users.IUserDataExport>(sp => sp.GetRequiredService<Persistence.Archive.UserArchive>());
        return services;
    }

    /// <summary><c>ExchangeRates:MaxAgeDays</c> (default 7): how far back a conversion may look for a rate; 0 to 366.</summary>
    private static FinInfra.Application.ExchangeRates.ExchangeRateSettings ExchangeRateSettingsFrom(IConfiguration configuration)
    {
        var settings = configuration.GetSection(FinInfra.Application.ExchangeRates.ExchangeRateSettings.Section).Get<FinInfra.Application.ExchangeRates.ExchangeRateSettings>()
                       ?? new FinInfra.Application.ExchangeRates.ExchangeRateSettings();
        if (settings.MaxAgeDays is < 0 or > 366)
            throw new InvalidOperationException($"ExchangeRates:MaxAgeDays must be between 0 and 366 days; it is {settings.MaxAgeDays}.");
        return settings;
    }

    /// <param name="providersPath">Where optional engines (MySQL) are published; <see cref="DatabaseEngines.DefaultProvidersPath"/> when null.</param>
    public static void AddPersistence(IServiceCollection services, DatabaseSettings settings, string? providersPath = null)
    {
        var engine = DatabaseEngines.For(settings.Provider, providersPath);
        services.AddSingleton(settings);
        services.AddSingleton(engine);
        services.AddScoped<DataScope>();
        services.AddScoped<IDataScope>(sp => sp.GetRequiredService<DataScope>());
        services.AddSingleton<AuditingInterceptor>();

        engine.AddContext(services, settings);
        if (settings.ReadConnectionString is not null) AddReadRouting(services);

        services.AddScoped(typeof(IRepository<>), typeof(EfRepository<>));
        services.AddScoped(typeof(IReadRepository<>), typeof(EfReadRepository<>));
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        // The balance history: one entry point for every write path (IBalanceHistory), applied by the unit of work.
        services.AddScoped<Persistence.History.BalanceHistory>();
        services.AddScoped<FinInfra.Application.Accounts.IBalanceHistory>(sp => sp.GetRequiredService<Persistence.History.BalanceHistory>());
        services.AddScoped<FinInfra.Application.NetWorth.IBalanceHistoryReader, Persistence.History.BalanceHistoryReader>();
        // Read models: one query each, answering an Application port without loading entities.
        services.AddScoped<FinInfra.Application.Analytics.ITransactionTotals, TransactionTotals>();
        services.AddScoped<IUserUsage, UserUsage>();
        // Write ports: writes that need their own SQL (an atomic increment, conditional updates, an insert-or-replace).
        services.AddScoped<FinInfra.Application.Goals.IGoalContributions, GoalContributions>();
        services.AddScoped<FinInfra.Application.Auth.IRefreshTokens, RefreshTokens>();
        services.AddScoped<FinInfra.Application.NetWorth.INetWorthSnapshotStore, NetWorthSnapshotStore>();
        services.AddScoped<Idempotency.IdempotencyStore>();
        // Exchange rates: the table is the rate provider every conversion reads; imports and manual rates write through it.
        services.AddScoped<ExchangeRates.ExchangeRateStore>();
        services.AddScoped<FinInfra.Application.ExchangeRates.IExchangeRateProvider>(sp => sp.GetRequiredService<ExchangeRates.ExchangeRateStore>());
        // The bulk import: the engine's staging and merge, and the file formats it reads.
        services.AddScoped(sp => engine.CreateTransactionBulkWriter(sp.GetRequiredService<AppDbContext>()));
        services.AddSingleton<FinInfra.Application.Transactions.ImportTransactionFile.ITransactionFileReader, Persistence.BulkImport.TransactionFileReader>();
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
    }

    /// <summary>
    /// SQL_READ_URL is set: queries read from the replica while it keeps up (docs/adr/0017-read-replica-routing.md).
    /// Unset, none of this is registered and the pipeline is what it was. The routing step goes ahead of every pipeline
    /// step already registered (the Application's), so that it sees a command end after the transaction step committed.
    /// </summary>
    private static void AddReadRouting(IServiceCollection services)
    {
        services.AddSingleton<Persistence.ReadRouting.ReadReplica>();
        var firstStep = services.TakeWhile(d => d.ServiceType != typeof(Mediator.IPipelineBehavior<,>)).Count();
        services.Insert(firstStep, ServiceDescriptor.Scoped(typeof(Mediator.IPipelineBehavior<,>), typeof(Persistence.ReadRouting.ReadRoutingBehaviour<,>)));
    }

    private static void AddSecrets(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, StartupNotes notes)
    {
        var keyRing = EncryptionKeyRing.FromConfiguration(configuration);
        if (keyRing is null)
        {
            if (!environment.IsDevelopment())
                throw new MissingSecretException("No encryption key is configured. Set Encryption:Keys:<id> (base64 of 32 random bytes) and Encryption:ActiveKeyId; see docs/database.md.");
            var (secrets, created) = LocalDevelopmentSecrets.LoadOrCreate();
            keyRing = new EncryptionKeyRing(new Dictionary<string, byte[]> { [secrets.EncryptionKeyId] = Convert.FromBase64String(secrets.EncryptionKey) }, secrets.EncryptionKeyId);
            notes.Warn(created
                ? $"Development: generated a local encryption key in {LocalDevelopmentSecrets.DefaultPath} (git-ignored). Never use it outside development."
                : $"Development: using the local encryption key in {LocalDevelopmentSecrets.DefaultPath}. Never use it outside development.");
        }
        services.AddSingleton(keyRing);
        services.AddSingleton<ISecretProtector, AesGcmSecretProtector>();
        services.AddSingleton<IPasswordHasher>(new Pbkdf2PasswordHasher());
        services.AddSingleton(LoginThrottleSettings.FromConfiguration(configuration));
        services.AddSingleton<FinInfra.Application.Auth.ILoginThrottle, LoginThrottle>();
    }
}

/// <summary>The migrations history table: EF's default name, kept explicit because the db commands read it.</summary>
public static class MigrationHistory
{
    public const string Table = "__EFMigrationsHistory";
}

/// <summary>Warnings gathered while services are registered, logged once the host has a logger.</summary>
public sealed class StartupNotes
{
    private readonly List<string> _warnings = [];

    public IReadOnlyList<string> Warnings => _warnings;

    public void Warn(string message) => _warnings.Add(message);
}

/// <summary>A required secret is not configured; the service refuses to start.</summary>
public sealed class MissingSecretException(string message) : Exception(message);
