namespace FinInfra.Infrastructure.BankProviders.Teller;

/// <summary>
/// Configuration section <c>BankProviders:Teller</c>. Teller is offered when <see cref="Enabled"/> is true or a client
/// certificate is configured (Teller's development and production environments require mutual TLS).
/// </summary>
public sealed class TellerOptions
{
    public const string Section = "BankProviders:Teller";

    public bool Enabled { get; set; }

    public string BaseUrl { get; set; } = "https://api.teller.io";

    /// <summary>A PKCS#12 (.p12/.pfx) file holding the client certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Transactions per request when paging with <c>count</c> and <c>from_id</c>.</summary>
    public int PageSize { get; set; } = 250;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => Enabled || !string.IsNullOrWhiteSpace(CertificatePath);
}
