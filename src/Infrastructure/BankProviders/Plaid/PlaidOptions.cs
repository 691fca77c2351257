namespace FinInfra.Infrastructure.BankProviders.Plaid;

/// <summary>Configuration section <c>BankProviders:Plaid</c>. Plaid is offered only when both credentials are set.</summary>
public sealed class PlaidOptions
{
    public const string Section = "BankProviders:Plaid";

    public string? ClientId { get; set; }

    public string? Secret { get; set; }

    /// <summary>https://sandbox.plaid.com, https://production.plaid.com, or a local stub in tests.</summary>
    public string BaseUrl { get; set; } = "https://sandbox.plaid.com";

    /// <summary>Transactions per /transactions/sync page (Plaid allows 1–500).</summary>
    public int PageSize { get; set; } = 500;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(Secret);
}
