using System.Globalization;
using System.Security.Cryptography;
using FinInfra.Application.BankSync;
using FinInfra.Domain.BankConnections;

namespace FinInfra.Infrastructure.BankProviders.Sandbox;

/// <summary>
/// A built-in, deterministic provider with no network, for development, demos and tests. Its whole state is in
/// the access token (which scenario) and the cursor (how many syncs have been applied), so every process gives the
/// same answers. Public tokens: <c>sandbox-good</c> (a working bank), <c>sandbox-login-required</c> (syncs fail
/// until the user signs in again) and <c>sandbox-outage</c> (the second page of every sync fails).
/// </summary>
public sealed class SandboxBankProvider : IBankProvider
{
    public const string GoodToken = "sandbox-good";
    public const string LoginRequiredToken = "sandbox-login-required";
    public const string OutageToken = "sandbox-outage";
    public const string InstitutionName = "FinInfra Sandbox Bank";

    private const string AccessTokenPrefix = "sandbox-access";
    private const string CursorPrefix = "sandbox-v1";

    private enum Scenario { Good, LoginRequired, Outage }

    public BankProvider Provider => BankProvider.Sandbox;

    public Task<ProviderLink> ExchangePublicTokenAsync(string publicToken, CancellationToken cancellationToken)
    {
        var scenario = publicToken?.Trim() switch
        {
            GoodToken => Scenario.Good,
            LoginRequiredToken => Scenario.LoginRequired,
            OutageToken => Scenario.Outage,
            _ => throw new BankProviderException(ProviderFailure.InvalidRequest,
                $"Unknown sandbox public token; use {GoodToken}, {LoginRequiredToken} or {OutageToken}."),
        };
        // Independent random parts: the item id is shown to clients, the token must not be derivable from it.
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return Task.FromResult(new ProviderLink($"{AccessTokenPrefix}:{scenario}:{secret}", $"sandbox-item-{Guid.NewGuid():N}", InstitutionName));
    }

    public Task<IReadOnlyList<ProviderAccount>> GetAccountsAsync(string accessToken, CancellationToken cancellationToken)
    {
        if (ScenarioOf(accessToken) == Scenario.LoginRequired) throw LoginRequired();
        return Task.FromResult(SandboxScript.Accounts);
    }

    public Task<ProviderTransactionPage> SyncTransactionsAsync(string accessToken, string? cursor, CancellationToken cancellationToken)
    {
        var scenario = ScenarioOf(accessToken);
        if (scenario == Scenario.LoginRequired) throw LoginRequired();

        var (generation, pageIndex) = ParseCursor(cursor);
        if (generation >= SandboxScript.Steps.Count)
            return Task.FromResult(new ProviderTransactionPage([], [], [], FormatCursor(generation, 0), HasMore: false));
        if (scenario == Scenario.Outage && pageIndex > 0)
            throw new BankProviderException(ProviderFailure.Unavailable, "The sandbox bank is having an outage; try again later.");

        var step = SandboxScript.Steps[generation];
        // The outage scenario splits every step so that a second page exists to fail on.
        var pages = scenario == Scenario.Outage && step.Count == 1 ? [step[0], SandboxScript.EmptyPage] : step;
        if (pageIndex >= pages.Count) throw UnknownCursor();

        var page = pages[pageIndex];
        var hasMore = pageIndex + 1 < pages.Count;
        var next = hasMore ? FormatCursor(generation, pageIndex + 1) : FormatCursor(generation + 1, 0);
        return Task.FromResult(new ProviderTransactionPage(page.Added, page.Modified, page.Removed, next, hasMore));
    }

    public Task RemoveItemAsync(string accessToken, CancellationToken cancellationToken)
    {
        ScenarioOf(accessToken);
        return Task.CompletedTask;
    }

    private static Scenario ScenarioOf(string accessToken)
    {
        var parts = accessToken.Split(':');
        if (parts.Length == 3 && parts[0] == AccessTokenPrefix && Enum.TryParse<Scenario>(parts[1], out var scenario))
            return scenario;
        throw new BankProviderException(ProviderFailure.LoginRequired, "The sandbox does not recognise this connection's access token.");
    }

    private static (int Generation, int Page) ParseCursor(string? cursor)
    {
        if (cursor is null) return (0, 0);
        var parts = cursor.Split(':');
        if (parts.Length == 3 && parts[0] == CursorPrefix
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var page))
            return (generation, page);
        throw UnknownCursor();
    }

    private static string FormatCursor(int generation, int page) => string.Create(CultureInfo.InvariantCulture, $"{CursorPrefix}:{generation}:{page}");

    private static BankProviderException UnknownCursor() =>
        new(ProviderFailure.InvalidResponse, "The sandbox does not recognise this connection's sync cursor.");

    private static BankProviderException LoginRequired() =>
        new(ProviderFailure.LoginRequired, "The sandbox bank requires the user to sign in again.");
}
