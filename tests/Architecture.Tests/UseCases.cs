using System.Reflection;
using Mediator;

namespace FinInfra.Architecture.Tests;

/// <summary>The Application assembly's requests and handlers, as the convention and transaction-policy tests see them.</summary>
internal static class UseCases
{
    public static readonly Assembly Application = typeof(FinInfra.Application.DependencyInjection).Assembly;

    public static readonly Type[] Types = Application.GetTypes()
        .Where(t => !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute))).ToArray();

    public static IEnumerable<Type> Requests => Types.Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IMessage).IsAssignableFrom(t));

    public static IEnumerable<Type> Handlers => Types.Where(t => !t.IsAbstract && HandledRequest(t) is not null);

    public static Type HandlerOf(Type request) => Handlers.Single(h => HandledRequest(h) == request);

    /// <summary>The request a handler handles, or null when the type is not a handler.</summary>
    public static Type? HandledRequest(Type type) => type.GetInterfaces()
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (
            d == typeof(ICommandHandler<,>) || d == typeof(IQueryHandler<,>) || d == typeof(IRequestHandler<,>) ||
            d == typeof(ICommandHandler<>) || d == typeof(IRequestHandler<>)))
        .Select(i => i.GetGenericArguments()[0])
        .FirstOrDefault();
}
