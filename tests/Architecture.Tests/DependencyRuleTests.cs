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

    /// <summary>Wire formats stay out of the model: the domain never names a serialiser's types (issue 8: Document.ExtractedData was a JsonElement).</summary>
    private static readonly string[] Serialisation =
        ["System.Text.Json", "System.Xml", "System.Runtime.Serialization", "Newtonsoft.Json", "System.Formats", "YamlDotNet", "MessagePack", "Google.Protobuf"];

    [Fact]
    public void Domain_DependsOnNoSerialisation()
    {
        var result = Types.InAssembly(Domain).Should().NotHaveDependencyOnAny(Serialisation).GetResult();
        Assert.True(result.IsSuccessful, Describe(result));

        // Signatures too, generic arguments included (a dictionary of JsonElement is a JsonElement in the model).
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var leaks = (from type in Domain.GetTypes()
                     from member in type.GetMembers(all)
                     from used in SignatureTypes(member)
                     where IsSerialisation(used)
                     select $"{type.FullName}.{member.Name}: {used.FullName}").Distinct().ToList();
        Assert.Empty(leaks);
    }

    [Theory]
    [InlineData(typeof(IReadOnlyDictionary<string, System.Text.Json.JsonElement>))]
    [InlineData(typeof(System.Text.Json.Nodes.JsonObject))]
    [InlineData(typeof(List<System.Xml.Linq.XElement>))]
    public void The_serialisation_check_sees_through_generic_arguments(Type type) =>
        Assert.Contains(Flatten(type), IsSerialisation);

    private static bool IsSerialisation(Type type) =>
        type.Namespace is { } ns && Serialisation.Any(s => ns == s || ns.StartsWith(s + ".", StringComparison.Ordinal));

    private static IEnumerable<Type> SignatureTypes(MemberInfo member)
    {
        IEnumerable<Type> direct = member switch
        {
            FieldInfo f => [f.FieldType],
            PropertyInfo p => [p.PropertyType],
            MethodInfo m => [.. m.GetParameters().Select(p => p.ParameterType), m.ReturnType],
            ConstructorInfo c => [.. c.GetParameters().Select(p => p.ParameterType)],
            EventInfo { EventHandlerType: { } handler } => [handler],
            _ => [],
        };
        return direct.SelectMany(Flatten);
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType) return Flatten(type.GetElementType()!);
        var self = new[] { type };
        return type.IsGenericType ? self.Concat(type.GetGenericArguments().SelectMany(Flatten)) : self;
    }

    /// <summary>
    /// Whether a read is tracked is the repository's to say (IRepository tracked, IReadRepository untracked), so no
    /// specification asks for it: the specs that only worked around a tracking read repository stay gone.
    /// </summary>
    [Fact]
    public void Specifications_leave_tracking_to_the_repository()
    {
        string[] tracking = ["AsNoTracking", "AsTracking", "AsNoTrackingWithIdentityResolution"];
        using var module = Mono.Cecil.ModuleDefinition.ReadModule(Application.Location);
        var calls = (from type in module.GetTypes()
                     from method in type.Methods
                     where method.HasBody
                     from instruction in method.Body.Instructions
                     where instruction.Operand is Mono.Cecil.MethodReference called && tracking.Contains(called.Name)
                           && called.DeclaringType.Namespace.StartsWith("Ardalis.Specification", StringComparison.Ordinal)
                     select $"{type.FullName}.{method.Name}").Distinct().ToList();
        Assert.Empty(calls);
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
