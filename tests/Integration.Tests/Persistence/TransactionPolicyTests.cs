using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Security;
using FinInfra.Integration.Tests.Api;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>
/// The commit has one owner and the transaction policy is an explicit opt-in: a command saves once, an
/// <see cref="ITransactional"/> one inside one transaction, and password hashing never runs inside a transaction.
/// </summary>
public sealed class TransactionPolicyTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Creating_a_budget_saves_once_inside_one_transaction(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        using var events = DatabaseEvents.OfDatabase(api.Database.Settings.ConnectionString);

        await user.CreateBudgetAsync();

        Assert.Equal(["transaction started", "save", "transaction committed"], events.Lines);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Register_and_login_hash_the_password_with_no_transaction_open(DatabaseProvider provider)
    {
        DatabaseEvents? events = null;
        var hasher = new ProbeHasher(line => events?.Add(line));
        await using var api = await ApiFactory.CreateAsync(provider, services: s => s.AddSingleton<IPasswordHasher>(hasher));
        events = DatabaseEvents.OfDatabase(api.Database.Settings.ConnectionString);
        using var _ = events;

        await api.CreateUserAsync();

        Assert.Contains("hash", events.Lines);
        Assert.Contains("verify", events.Lines);
        // A save may open a transaction of its own around its statements (MySQL's provider does for every save; the
        // others only for a multi-statement save): what must hold is that no hash runs while one is open.
        Assert.Empty(HashingInsideTransactions(events.Lines));
    }

    private static List<string> HashingInsideTransactions(IReadOnlyList<string> lines)
    {
        var open = 0;
        var inside = new List<string>();
        foreach (var line in lines)
        {
            if (line == "transaction started") open++;
            else if (line is "transaction committed" or "transaction rolled back") open--;
            else if (line is "hash" or "verify" && open > 0) inside.Add(line);
        }
        return inside;
    }

    private sealed class ProbeHasher(Action<string> record) : IPasswordHasher
    {
        private readonly Pbkdf2PasswordHasher _inner = new(iterations: 1_000);

        public string Hash(string password)
        {
            record("hash");
            return _inner.Hash(password);
        }

        public bool Verify(string password, string hash)
        {
            record("verify");
            return _inner.Verify(password, hash);
        }
    }
}
