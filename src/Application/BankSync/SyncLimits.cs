namespace FinInfra.Application.BankSync;

/// <summary>
/// Configuration section <c>BankSync:Limits</c>: how much one pull from a provider may take. Past any of them the
/// sync fails with <see cref="ProviderFailure.InvalidResponse"/> (or <see cref="ProviderFailure.Unavailable"/> for the
/// deadline) and stores nothing of that pull.
/// </summary>
public sealed class SyncLimits
{
    public const string Section = "BankSync:Limits";

    /// <summary>Pages of one pull (Plaid sync pages; Teller <c>from_id</c> pages over all accounts).</summary>
    public int MaxPages { get; set; } = 1_000;

    /// <summary>The largest response body read from a provider; a larger one is refused before it is parsed.</summary>
    public long MaxResponseBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The whole pull, every page and the accounts, must finish within this.</summary>
    public TimeSpan PullDeadline { get; set; } = TimeSpan.FromMinutes(5);
}
