using FinInfra.Application.Common.Behaviours;
using FinInfra.Application.Transactions.Common;
using FluentValidation;
using Mapster;
using Mediator;
using MapsterMapper;
using Microsoft.Extensions.DependencyInjection;

namespace FinInfra.Application;

public static class DependencyInjection
{
    /// <summary>The pipeline, outermost first: log, validate, then run commands in a transaction.</summary>
    public static readonly Type[] PipelineBehaviours =
    [
        typeof(LoggingBehaviour<,>),
        typeof(ValidationBehaviour<,>),
        typeof(TransactionBehaviour<,>),
    ];

    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        // Registered here rather than through MediatorOptions.PipelineBehaviors: the source generator only sees
        // behaviours written inline in the AddMediator call, and silently skips a list built elsewhere.
        foreach (var behaviour in PipelineBehaviours)
            services.AddScoped(typeof(IPipelineBehavior<,>), behaviour);
        // Validators hold no state, and building one compiles its rules' expressions (9% of a list request's CPU
        // when they were made per request), so they are singletons; the one that reads a scoped service stays scoped.
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton,
            filter: scan => scan.ValidatorType != typeof(BankConnections.CreateBankConnection.CreateBankConnectionCommandValidator), includeInternalTypes: true);
        services.AddScoped<IValidator<BankConnections.CreateBankConnection.CreateBankConnectionCommand>, BankConnections.CreateBankConnection.CreateBankConnectionCommandValidator>();

        services.AddScoped<ITransactionUpserter, TransactionUpserter>();
        services.AddScoped<TransferMatcher>();
        services.AddScoped<TransactionBulkImporter>();
        services.AddScoped<BankConnections.ProviderItemRevoker>();
        services.AddScoped<Analytics.AnswerCurrency>();
        services.AddScoped<Analytics.AnswerFlows>();
        services.AddScoped<NetWorth.NetWorthCalculator>();
        services.AddScoped<ExchangeRates.CurrencyConverter>();

        services.AddSingleton(CreateMappingConfig());
        services.AddScoped<IMapper>(sp => new Mapper(sp.GetRequiredService<TypeAdapterConfig>()));
        return services;
    }

    /// <summary>The Mapster configuration: every <see cref="IRegister"/> in this assembly.</summary>
    public static TypeAdapterConfig CreateMappingConfig()
    {
        var config = new TypeAdapterConfig();
        config.Scan(typeof(DependencyInjection).Assembly);
        return config;
    }
}
