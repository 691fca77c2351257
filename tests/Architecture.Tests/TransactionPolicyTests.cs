using System.Reflection;
using FinInfra.Application.BankSync;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Documents;
using FinInfra.Application.Transactions.ImportTransactionFile;
using Mediator;

namespace FinInfra.Architecture.Tests;

/// <summary>
/// The transaction policy: a request opts in with <see cref="ITransactional"/>, and a request whose handler reaches
/// the outside world (a bank provider, the deliberately slow password hash, a streamed upload) never does, because
/// on SQLite the transaction holds the single write lock for as long as the handler runs. Every other command opts
/// in, so a new write cannot forget it.
/// </summary>
public sealed class TransactionPolicyTests
{
    private static readonly Assembly Application = UseCases.Application;

    /// <summary>Ports whose calls wait on something other than the database.</summary>
    private static readonly Type[] OutsideWork =
        [typeof(IBankProviderRegistry), typeof(IBankProvider), typeof(IPasswordHasher), typeof(IDocumentStorage), typeof(ITransactionFileReader)];

    [Fact]
    public void No_transactional_request_reaches_a_provider_a_password_hash_or_document_storage()
    {
        var offenders = Requests().Where(r => typeof(ITransactional).IsAssignableFrom(r))
            .Select(r => (Request: r, Reached: OutsideWorkReachedBy(HandlerOf(r))))
            .Where(x => x.Reached.Count > 0)
            .Select(x => $"{x.Request.Name} → {string.Join(", ", x.Reached.Select(t => t.Name))}")
            .ToList();
        Assert.Empty(offenders);
    }

    /// <summary>
    /// Database-only commands that stay outside a transaction on purpose, each for its reason (stated on the request):
    /// a refresh must keep a reused token's revocation stored although its answer is an error.
    /// </summary>
    private static readonly string[] DeliberatelyNotTransactional = ["RefreshSessionCommand"];

    [Fact]
    public void Every_command_that_does_only_database_work_is_transactional()
    {
        var missing = Requests().Where(r => typeof(IBaseCommand).IsAssignableFrom(r) && !typeof(ITransactional).IsAssignableFrom(r))
            .Where(r => OutsideWorkReachedBy(HandlerOf(r)).Count == 0)
            .Select(r => r.Name)
            .ToList();
        Assert.Equal(DeliberatelyNotTransactional, missing);
    }

    [Fact]
    public void The_check_sees_through_collaborators_to_the_ports_they_use()
    {
        var sync = Requests().Single(r => r.Name.StartsWith("SyncConnectionCommand", StringComparison.Ordinal));
        Assert.Contains(typeof(IBankProviderRegistry), OutsideWorkReachedBy(HandlerOf(sync)));
        var register = Requests().Single(r => r.Name == "RegisterCommand");
        Assert.Contains(typeof(IPasswordHasher), OutsideWorkReachedBy(HandlerOf(register)));
    }

    private static IEnumerable<Type> Requests() => UseCases.Requests;

    private static Type HandlerOf(Type request) => UseCases.HandlerOf(request);

    /// <summary>The outside-work ports a type's constructor takes, directly or through the Application classes it takes.</summary>
    private static List<Type> OutsideWorkReachedBy(Type type)
    {
        var reached = new List<Type>();
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([type]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current)) continue;
            if (OutsideWork.Contains(current)) { reached.Add(current); continue; }
            var implementations = current.IsInterface
                ? Application.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false } && current.IsAssignableFrom(t))
                : [current];
            foreach (var implementation in implementations.Where(t => t.Assembly == Application))
                foreach (var constructor in implementation.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
                    foreach (var parameter in constructor.GetParameters())
                        pending.Push(parameter.ParameterType);
        }
        return reached;
    }
}
