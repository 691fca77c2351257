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
    [MemberData(nameof(TestDatabase.ProvidersWithoutMariaDbGaps), MemberType = typeof(TestDatabase))]
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
        Assert.DoesNotContain("transaction started", events.Lines);
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
