using FinInfra.Application.BankSync;
using FinInfra.Domain.BankConnections;

namespace FinInfra.Integration.Tests.BankSync;

/// <summary>
/// A provider the test scripts page by page (keyed by the cursor asked for), standing in for Plaid. Any page can be
/// made to fail, to check what a failed sync leaves behind.
/// </summary>
public sealed class ScriptedBankProvider : IBankProvider
{
    public const string AccessToken = "scripted-access-token";

    public BankProvider Provider => BankProvider.Plaid;

    public List<ProviderAccount> Accounts { get; } = [];

    /// <summary>The page answered for a cursor (the empty string stands for "no cursor yet").</summary>
    public Dictionary<string, ProviderTransactionPage> Pages { get; } = [];

    /// <summary>Failures to throw, once each, when the given cursor is asked for.</summary>
    public Dictionary<string, Queue<Exception>> Failures { get; } = [];

    /// <summary>Runs during the token exchange, to look at what the service holds open while it waits for a provider.</summary>
    public Func<Task>? WhileExchanging { get; set; }

    public async Task<ProviderLink> ExchangePublicTokenAsync(string publicToken, CancellationToken cancellationToken)
    {
        if (WhileExchanging is { } meanwhile) await meanwhile();
        return new ProviderLink(AccessToken, $"scripted-item-{Guid.NewGuid():N}", "Scripted Bank");
    }

    /// <summary>Runs while the accounts are read, the last provider call of a sync: a window for "meanwhile" events.</summary>
    public Func<Task>? WhileReadingAccounts { get; set; }

    public async Task<IReadOnlyList<ProviderAccount>> GetAccountsAsync(string accessToken, CancellationToken cancellationToken)
    {
        if (WhileReadingAccounts is { } meanwhile) await meanwhile();
        return Accounts.ToList();
    }

    /// <summary>Runs as each page is asked for (to move a test clock, say).</summary>
    public Action? WhilePaging { get; set; }

    public Task<ProviderTransactionPage> SyncTransactionsAsync(string accessToken, string? cursor, CancellationToken cancellationToken)
    {
        WhilePaging?.Invoke();
        var key = cursor ?? "";
        if (Failures.TryGetValue(key, out var failures) && failures.TryDequeue(out var failure)) throw failure;
        return Task.FromResult(Pages.TryGetValue(key, out var page) ? page : new ProviderTransactionPage([], [], [], cursor, false));
    }

    /// <summary>Runs during the item removal (disconnect).</summary>
    public Func<Task>? WhileRemoving { get; set; }

    public async Task RemoveItemAsync(string accessToken, CancellationToken cancellationToken)
    {
        if (WhileRemoving is { } meanwhile) await meanwhile();
    }

    public void Fail(string cursor, Exception failure)
    {
        if (!Failures.TryGetValue(cursor, out var queue)) Failures[cursor] = queue = new Queue<Exception>();
        queue.Enqueue(failure);
    }

    public static ProviderTransaction Tx(string id, string account, decimal amount, int day = 1, bool pending = false, string? replaces = null, string? category = "Food") =>
        new(id, account, amount, new DateOnly(2026, 2, day), $"Purchase {id}", null, category, pending, replaces);

    public static ProviderTransactionPage Page(string? next, bool hasMore, IReadOnlyList<ProviderTransaction>? added = null,
        IReadOnlyList<ProviderTransaction>? modified = null, IReadOnlyList<string>? removed = null) =>
        new(added ?? [], modified ?? [], removed ?? [], next, hasMore);
}
