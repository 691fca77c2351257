using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.Internal;

namespace FinInfra.Infrastructure.Persistence;

#pragma warning disable EF1001 // EntityQueryProvider is internal API: it is the one door every query (LINQ, ExecuteUpdate/Delete, ToQueryString) passes before EF parameterises and caches it, which is why the scope is applied here.
/// <summary>
/// How a system scope lifts the owner filter. The filter itself is a plain <c>user_id = @scope_user</c>: a runtime
/// <c>(@is_system OR user_id = @p)</c> reaches SQL as an OR that a generic plan (and SQLite always) answers with a
/// full scan. So a query run while <see cref="DataScope.IsSystem"/> is true is rewritten, before EF compiles or caches
/// it, as if every entity root had <c>IgnoreQueryFilters([QueryFilters.Owner])</c>: the system shape and the user shape are
/// two different expressions, two cache entries and two SQL texts, and a user query can never reuse the system one.
/// The soft-delete filter is untouched. Registered on every context by <c>DatabaseEngine</c>.
/// </summary>
internal sealed class ScopedQueryProvider(IQueryCompiler queryCompiler, ICurrentDbContext currentContext) : EntityQueryProvider(queryCompiler)
{
    public override TResult Execute<TResult>(Expression expression) => base.Execute<TResult>(Scoped(expression));

    public override object Execute(Expression expression) => base.Execute(Scoped(expression));

    public override TResult ExecuteAsync<TResult>(Expression expression, CancellationToken cancellationToken = default) =>
        base.ExecuteAsync<TResult>(Scoped(expression), cancellationToken);

    private Expression Scoped(Expression expression) =>
        currentContext.Context is AppDbContext { Scope.IsSystem: true } ? LiftOwnerFilter.Instance.Visit(expression) : expression;

    private sealed class LiftOwnerFilter : ExpressionVisitor
    {
        public static readonly LiftOwnerFilter Instance = new();

        private static readonly IReadOnlyCollection<string> OwnerOnly = [QueryFilters.Owner];

        private static readonly MethodInfo IgnoreNamed = typeof(EntityFrameworkQueryableExtensions).GetMethods()
            .Single(m => m.Name == nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters) && m.GetParameters().Length == 2);

        protected override Expression VisitExtension(Expression node) =>
            node is EntityQueryRootExpression root
                ? Expression.Call(IgnoreNamed.MakeGenericMethod(root.ElementType), root, Expression.Constant(OwnerOnly))
                : base.VisitExtension(node);
    }
}
#pragma warning restore EF1001
