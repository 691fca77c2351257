using System.Reflection;
using FluentValidation;
using Mapster;
using Mediator;

namespace FinInfra.Architecture.Tests;

/// <summary>
/// One naming and mapping convention, kept by tests in the spirit of kgrzybek's modular-monolith ArchTests: a use case
/// is a folder <c>Area/DoThing</c> holding <c>DoThingCommand</c> (or <c>…Query</c>), its <c>…Handler</c> and its
/// <c>…Validator</c>; answers are mapped by Mapster <see cref="IRegister"/> configurations, never by static methods.
/// </summary>
public sealed class UseCaseConventionTests
{
    private static Type[] Types => UseCases.Types;

    private static IEnumerable<Type> Requests => UseCases.Requests;

    private static IEnumerable<Type> Handlers => UseCases.Handlers;

    private static IEnumerable<Type> Validators => Types.Where(t => !t.IsAbstract && typeof(IValidator).IsAssignableFrom(t));

    [Fact]
    public void Every_request_is_a_command_or_a_query()
    {
        var neither = Requests.Where(r => !typeof(IBaseCommand).IsAssignableFrom(r) && !typeof(IBaseQuery).IsAssignableFrom(r)).Select(r => r.Name);
        Assert.Empty(neither);
        Assert.Contains(Requests, r => r.Name == "CreateBudgetCommand");
    }

    [Fact]
    public void Command_names_end_with_Command_and_query_names_with_Query()
    {
        var misnamed = Requests.Where(r => typeof(IBaseCommand).IsAssignableFrom(r) ? !r.Name.EndsWith("Command", StringComparison.Ordinal) : !r.Name.EndsWith("Query", StringComparison.Ordinal))
            .Select(r => r.FullName);
        Assert.Empty(misnamed);
    }

    [Fact]
    public void Requests_are_public_sealed_records()
    {
        var wrong = Requests.Where(r => !r.IsPublic || !r.IsSealed || r.GetMethod("<Clone>$") is null).Select(r => r.FullName);
        Assert.Empty(wrong);
    }

    [Fact]
    public void Each_request_lives_in_the_folder_of_its_use_case()
    {
        var misplaced = Requests.Where(r => r.Namespace!.Split('.')[^1] != UseCase(r)).Select(r => $"{r.Name} in {r.Namespace}");
        Assert.Empty(misplaced);
    }

    [Fact]
    public void Every_request_has_exactly_one_handler_named_after_it_beside_it()
    {
        var problems = Requests.Select(r => (Request: r, Handlers: Handlers.Where(h => HandledRequest(h) == r).ToList()))
            .Where(x => x.Handlers.Count != 1 || x.Handlers[0].Name != x.Request.Name + "Handler" || x.Handlers[0].Namespace != x.Request.Namespace)
            .Select(x => $"{x.Request.Name}: {string.Join(", ", x.Handlers.Select(h => h.FullName))}");
        Assert.Empty(problems);
    }

    /// <summary>Public because Mediator's source generator runs in the Api project and must reach them; sealed because nothing extends a use case.</summary>
    [Fact]
    public void Handlers_are_public_and_sealed_and_only_handlers_are_named_Handler()
    {
        Assert.Empty(Handlers.Where(h => !h.IsPublic || !h.IsSealed).Select(h => h.FullName));
        Assert.Empty(Types.Where(t => t.Name.EndsWith("Handler", StringComparison.Ordinal) && !t.IsAbstract && HandledRequest(t) is null).Select(t => t.FullName));
    }

    [Fact]
    public void Validators_are_internal_sealed_and_named_after_the_request_they_check_beside_it()
    {
        var problems = Validators.Where(v =>
            v.IsPublic || !v.IsSealed || ValidatedType(v) is not { } request || !typeof(IMessage).IsAssignableFrom(request) ||
            v.Name != request.Name + "Validator" || v.Namespace != request.Namespace).Select(v => v.FullName);
        Assert.Empty(problems);
        Assert.Contains(Validators, v => v.Name == "CreateBudgetCommandValidator");
        Assert.Contains(Validators, v => v.Name == "ImportTransactionsCommandValidator");
    }

    [Fact]
    public void Answers_are_mapped_by_Mapster_registrations_not_static_From_methods()
    {
        var statics = Types.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType.Name.EndsWith("Dto", StringComparison.Ordinal) && m.GetParameters().Length == 1 && !m.IsSpecialName)
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}");
        Assert.Empty(statics);

        var registrations = Types.Where(t => typeof(IRegister).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.Empty(registrations.Where(t => t.IsPublic || !t.IsSealed).Select(t => t.FullName));
        Assert.Contains(registrations, t => t.Name == "DocumentMappings");
    }

    private static string UseCase(Type request) =>
        request.Name.EndsWith("Command", StringComparison.Ordinal) ? request.Name[..^"Command".Length]
        : request.Name.EndsWith("Query", StringComparison.Ordinal) ? request.Name[..^"Query".Length]
        : request.Name;

    private static Type? HandledRequest(Type type) => UseCases.HandledRequest(type);

    private static Type? ValidatedType(Type validator)
    {
        for (var t = validator.BaseType; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(AbstractValidator<>)) return t.GetGenericArguments()[0];
        return null;
    }
}
