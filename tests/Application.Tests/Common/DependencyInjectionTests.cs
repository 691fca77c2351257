using FinInfra.Application.Common.Behaviours;
using FinInfra.Application.Transactions.Common;
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
}
