namespace FinInfra.Application.Auth;

/// <summary>
/// Backoff on failed logins per account, so a password cannot be guessed by trying many. Counted per account and
/// client network (one attacker backs off only their own attempts at that account, the owner elsewhere is not
/// locked out) and per account across all networks (a higher bar, against guessing spread over many addresses).
/// </summary>
public interface ILoginThrottle
{
    /// <summary>How long this client must wait before trying this account again; null when it may try now.</summary>
    TimeSpan? RetryAfter(string account, string clientNetwork);

    void RecordFailure(string account, string clientNetwork);

    void RecordSuccess(string account, string clientNetwork);
}
