using FinInfra.Application.Common.Behaviours;
using FinInfra.Application.Transactions.Common;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace FinInfra.Application.Tests.Common;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddApplication_RegistersThePipelineOutermostFirst()
    {
        var services = new ServiceCollection().AddApplication();

        var behaviours = services.Where(d => d.ServiceType == typeof(IPipelineBehavior<,>)).Select(d => d.ImplementationType).ToList();

        Assert.Equal([typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>), typeof(TransactionBehaviour<,>)], behaviours);
        Assert.Contains(services, d => d.ServiceType == typeof(ITransactionUpserter));
    }

    [Fact]
    public void Validators_are_singletons_unless_they_read_a_scoped_service()
    {
        var services = new ServiceCollection().AddApplication();

        var validators = services.Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IValidator<>)).ToList();

        Assert.True(validators.Count > 20);
        var scoped = Assert.Single(validators, d => d.Lifetime != ServiceLifetime.Singleton);
        Assert.Equal(typeof(BankConnections.CreateBankConnection.CreateBankConnectionCommandValidator), scoped.ImplementationType);
        Assert.Equal(ServiceLifetime.Scoped, scoped.Lifetime);
        // Every singleton validator's constructor takes only what the host registers as a singleton.
        foreach (var validator in validators.Where(d => d.Lifetime == ServiceLifetime.Singleton))
            Assert.All(validator.ImplementationType!.GetConstructors().Single().GetParameters(), p => Assert.Equal(typeof(TimeProvider), p.ParameterType));
    }
}
