using System.Reflection;
using FinInfra.Api.Controllers;
using FluentValidation;
using Mediator;
using NetArchTest.Rules;

namespace FinInfra.Architecture.Tests;

/// <summary>The dependency rule, stated as tests so it cannot rot: Domain ← Application ← Infrastructure ← Api.</summary>
public sealed class DependencyRuleTests
{
    private static readonly Assembly Domain = typeof(FinInfra.Domain.Common.Entity).Assembly;
    private static readonly Assembly Application = typeof(FinInfra.Application.DependencyInjection).Assembly;
    private static readonly Assembly Api = typeof(ApiControllerBase).Assembly;

    [Fact]
    public void Domain_DependsOnNoFrameworkAndNoOuterLayer()
    {
        var result = Types.InAssembly(Domain).Should().NotHaveDependencyOnAny(
            "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Mediator", "FluentValidation",
            "FinInfra.Application", "FinInfra.Infrastructure", "FinInfra.Api").GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Application_DependsOnNeitherInfrastructureNorApiNorEfCore()
    {
        var result = Types.InAssembly(Application).Should().NotHaveDependencyOnAny(
            "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql", "Microsoft.Data.Sqlite",
            "FinInfra.Infrastructure", "FinInfra.Api").GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Handlers_AndValidators_LiveInApplication_NotInApi()
    {
        var misplaced = Api.GetTypes().Where(t => IsHandler(t) || typeof(IValidator).IsAssignableFrom(t)).Select(t => t.FullName).ToList();
        Assert.Empty(misplaced);
        Assert.Contains(Application.GetTypes(), IsHandler);
    }

    [Fact]
    public void Controllers_DeriveFromApiControllerBase_AndDoNotTouchPersistence()
    {
        var derive = Types.InAssembly(Api).That().HaveNameEndingWith("Controller").And().AreNotAbstract()
            .Should().Inherit(typeof(ApiControllerBase)).GetResult();
        Assert.True(derive.IsSuccessful, Describe(derive));

        var persistence = Types.InAssembly(Api).That().ResideInNamespace("FinInfra.Api.Controllers")
            .ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "FinInfra.Infrastructure").GetResult();
        Assert.True(persistence.IsSuccessful, Describe(persistence));
    }

    private static bool IsHandler(Type type) => type.GetInterfaces().Any(i => i.IsGenericType && (
        i.GetGenericTypeDefinition() == typeof(ICommandHandler<,>) || i.GetGenericTypeDefinition() == typeof(IQueryHandler<,>)));

    private static string Describe(TestResult result) =>
        "Violations: " + string.Join(", ", result.FailingTypeNames ?? []);
}
