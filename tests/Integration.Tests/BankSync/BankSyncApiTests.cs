using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Infrastructure.BankProviders.Sandbox;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Api;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.Server;
using static FinInfra.Integration.Tests.BankSync.ProviderStubs;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.BankSync;

/// <summary>Connect, sync and disconnect through the HTTP API, on both databases.</summary>
public sealed class BankSyncApiTests
{
    private const string Connections = "/api/v1/bank-connections";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sandbox_connect_sync_list_and_sync_again(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();

        var created = await user.Client.PostAsJsonAsync(Connections, new { provider = "sandbox", publicToken = SandboxBankProvider.GoodToken }, Json);
        await EnsureStatusAsync(created, HttpStatusCode.Created);
        Assert.NotNull(created.Headers.Location);
        var connection = await created.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal("sandbox", connection.GetProperty("provider").GetString());
        Assert.Equal("active", connection.GetProperty("status").GetString());
        Assert.Equal(SandboxBankProvider.InstitutionName, connection.GetProperty("institutionName").GetString());
        Assert.False(connection.TryGetProperty("accessToken", out _));
        var id = connection.Id();

        var first = await user.PostAsync($"{Connections}/{id}/sync", new { }, HttpStatusCode.OK);
        Assert.Equal((8, 0, 0, 6), Counts(first));
        var accounts = (await user.GetJsonAsync("/api/v1/accounts")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(6, accounts.Count);
        Assert.All(accounts, a => Assert.Equal(id, a.GetProperty("connectionId").GetGuid()));
        Assert.Equal(2, accounts.Count(a => a.GetProperty("classification").GetString() == "liability"));
        var transactions = (await user.GetJsonAsync("/api/v1/transactions?limit=500")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(8, transactions.Count);
        Assert.Equal(2106.68m, transactions.Sum(t => t.GetProperty("amount").GetDecimal()));

        var second = await (await user.Client.PostAsync($"{Connections}/{id}/sync", null)).ReadJsonAsync();
        Assert.Equal((3, 1, 2, 6), Counts(second));
        var after = (await user.GetJsonAsync("/api/v1/transactions?limit=500")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(9, after.Count);
        Assert.Single(after, t => t.GetProperty("name").GetString() == "Streamflix");
        var stored = await user.GetJsonAsync($"{Connections}/{id}");
        Assert.Equal(JsonValueKind.String, stored.GetProperty("lastSyncedAt").ValueKind);
        Assert.Equal("active", stored.GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Login_required_is_409_and_an_outage_is_502_and_both_show_on_the_connection(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var locked = (await user.PostAsync(Connections, new { provider = "sandbox", publicToken = SandboxBankProvider.LoginRequiredToken })).Id();
        var down = (await user.PostAsync(Connections, new { provider = "sandbox", publicToken = SandboxBankProvider.OutageToken })).Id();

        var loginProblem = await AssertProblemAsync(await user.Client.PostAsync($"{Connections}/{locked}/sync", null), HttpStatusCode.Conflict);
        Assert.Equal("connection.login_required", loginProblem.GetProperty("rule").GetString());
        Assert.Equal("login_required", (await user.GetJsonAsync($"{Connections}/{locked}")).GetProperty("status").GetString());

        await AssertProblemAsync(await user.Client.PostAsync($"{Connections}/{down}/sync", null), HttpStatusCode.BadGateway);
        var afterOutage = await user.GetJsonAsync($"{Connections}/{down}");
        Assert.Equal("error", afterOutage.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, afterOutage.GetProperty("lastSyncedAt").ValueKind);
        Assert.Empty((await user.GetJsonAsync("/api/v1/accounts")).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_connect_requests_are_400_and_create_nothing(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();

        var unknownToken = await AssertProblemAsync(await user.Client.PostAsJsonAsync(Connections, new { provider = "sandbox", publicToken = "sandbox-nope" }, Json), HttpStatusCode.BadRequest);
        Assert.True(unknownToken.GetProperty("errors").TryGetProperty("publicToken", out _));
        var missingToken = await AssertProblemAsync(await user.Client.PostAsJsonAsync(Connections, new { provider = "sandbox" }, Json), HttpStatusCode.BadRequest);
        Assert.True(missingToken.GetProperty("errors").TryGetProperty("publicToken", out _));
        var notConfigured = await AssertProblemAsync(await user.Client.PostAsJsonAsync(Connections, new { provider = "plaid", publicToken = "public-x" }, Json), HttpStatusCode.BadRequest);
        Assert.Contains("not configured", notConfigured.GetProperty("errors").GetProperty("provider")[0].GetString());
        await AssertProblemAsync(await user.Client.PostAsJsonAsync(Connections, new { provider = "teller", publicToken = "token" }, Json), HttpStatusCode.BadRequest);

        Assert.Empty((await user.GetJsonAsync(Connections)).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sync_is_404_for_someone_elses_connection_and_409_for_manual_or_disconnected_ones(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var owner = await api.CreateUserAsync();
        var stranger = await api.CreateUserAsync();
        var linked = (await owner.PostAsync(Connections, new { provider = "sandbox", publicToken = SandboxBankProvider.GoodToken })).Id();
        var manual = (await owner.CreateManualConnectionAsync()).Id();

        await AssertProblemAsync(await stranger.Client.PostAsync($"{Connections}/{linked}/sync", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await owner.Client.PostAsync($"{Connections}/{Guid.NewGuid()}/sync", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await owner.Client.PostAsync($"{Connections}/{manual}/sync", null), HttpStatusCode.Conflict);

        await EnsureStatusAsync(await owner.Client.DeleteAsync($"{Connections}/{linked}"), HttpStatusCode.NoContent);
        await AssertProblemAsync(await owner.Client.PostAsync($"{Connections}/{linked}/sync", null), HttpStatusCode.Conflict);
        Assert.Equal("disconnected", (await owner.GetJsonAsync($"{Connections}/{linked}")).GetProperty("status").GetString());
        await using var db = api.Database.CreateContext(systemScope: true);
        Assert.Null((await db.BankConnections.SingleAsync(c => c.Id == linked)).AccessToken);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Disconnect_revokes_the_plaid_item_and_a_plaid_outage_refuses_it_without_changes(DatabaseProvider provider)
    {
        using var plaid = WireMockServer.Start();
        plaid.PlaidLinkedItem();
        await using var api = await ApiFactory.CreateAsync(provider, PlaidSettings(plaid));
        var user = await api.CreateUserAsync();
        var id = (await user.PostAsync(Connections, new { provider = "plaid", publicToken = PlaidPublicToken })).Id();
        Assert.Equal("First Platypus Bank", (await user.GetJsonAsync($"{Connections}/{id}")).GetProperty("institutionName").GetString());

        plaid.PlaidError("/item/remove", "API_ERROR", "INTERNAL_SERVER_ERROR", status: 500);
        await AssertProblemAsync(await user.Client.DeleteAsync($"{Connections}/{id}"), HttpStatusCode.BadGateway);
        Assert.Equal("active", (await user.GetJsonAsync($"{Connections}/{id}")).GetProperty("status").GetString());

        plaid.Plaid("/item/remove", new { request_id = "req-remove" }, priority: 0);
        await EnsureStatusAsync(await user.Client.DeleteAsync($"{Connections}/{id}"), HttpStatusCode.NoContent);
        var removal = plaid.LogEntries.Last(e => e.RequestMessage.Path == "/item/remove");
        Assert.Equal(PlaidAccessToken, JsonDocument.Parse(removal.RequestMessage.Body!).RootElement.GetProperty("access_token").GetString());
        Assert.Equal("disconnected", (await user.GetJsonAsync($"{Connections}/{id}")).GetProperty("status").GetString());
    }

    /// <summary>Teller sends the token as the basic-auth user name, so its base64 form is searched for as well.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_teller_token_reaches_no_log_line_at_trace_level_in_any_form(DatabaseProvider provider)
    {
        const string token = "token_teller_secret_4f2a";
        using var teller = WireMockServer.Start();
        teller.Teller("/accounts", new[] { TellerAccount("acc_check", "depository", "checking") });
        teller.Teller("/accounts/acc_check/balances", new { account_id = "acc_check", ledger = "1200.50", available = "1100.50" });
        teller.Teller("/accounts/acc_check/transactions", new[] { TellerTransaction("txn_1", "acc_check", "-4.20", "2026-03-01") });
        teller.Teller("/accounts", new { }, status: 204, method: "DELETE");
        var logs = new LogCapture();
        var settings = TellerSettings(teller);
        settings["Logging:LogLevel:Default"] = "Trace";
        settings["Logging:LogLevel:Microsoft"] = "Trace";
        settings["Logging:LogLevel:System.Net.Http"] = "Trace";
        await using var api = await ApiFactory.CreateAsync(provider, settings, services => services.AddSingleton<ILoggerProvider>(logs));
        var user = await api.CreateUserAsync();

        var id = (await user.PostAsync(Connections, new { provider = "teller", publicToken = token })).Id();
        Assert.Equal(1, (await (await user.Client.PostAsync($"{Connections}/{id}/sync", null)).ReadJsonAsync()).GetProperty("added").GetInt32());
        await EnsureStatusAsync(await user.Client.DeleteAsync($"{Connections}/{id}"), HttpStatusCode.NoContent);

        Assert.Contains(logs.Lines, l => l.Contains("/accounts/acc_check/transactions", StringComparison.Ordinal));
        Assert.Contains(teller.LogEntries, e => e.RequestMessage.Method == "DELETE");
        foreach (var form in new[] { token, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(token + ":")) })
            Assert.DoesNotContain(form, logs.All, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task No_token_public_token_or_secret_reaches_a_log_line_or_a_response(DatabaseProvider provider)
    {
        using var plaid = WireMockServer.Start();
        plaid.PlaidLinkedItem();
        plaid.Plaid("/transactions/sync", PlaidSyncPage([PlaidTransaction("p-1", "plaid-checking", 25.00m, "2026-02-01")], nextCursor: "c-1"));
        plaid.Plaid("/item/remove", new { request_id = "req-remove" });
        var logs = new LogCapture();
        var settings = PlaidSettings(plaid);
        settings["Logging:LogLevel:Default"] = "Trace";
        settings["Logging:LogLevel:Microsoft"] = "Trace";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
        settings["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace";
        settings["Logging:LogLevel:System.Net.Http"] = "Trace";
        await using var api = await ApiFactory.CreateAsync(provider, settings, services => services.AddSingleton<ILoggerProvider>(logs));
        var user = await api.CreateUserAsync();
        var bodies = new List<string>();

        async Task<string> Send(HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsStringAsync();
            bodies.Add(body);
            bodies.Add(response.Headers.ToString());
            return body;
        }

        var sandboxId = JsonDocument.Parse(await Send(await user.Client.PostAsJsonAsync(Connections, new { provider = "sandbox", publicToken = SandboxBankProvider.GoodToken }, Json))).RootElement.Id();
        var plaidId = JsonDocument.Parse(await Send(await user.Client.PostAsJsonAsync(Connections, new { provider = "plaid", publicToken = PlaidPublicToken }, Json))).RootElement.Id();
        var lockedId = JsonDocument.Parse(await Send(await user.Client.PostAsJsonAsync(Connections, new { provider = "sandbox", publicToken = SandboxBankProvider.LoginRequiredToken }, Json))).RootElement.Id();
        foreach (var id in new[] { sandboxId, plaidId, lockedId })
        {
            await Send(await user.Client.PostAsync($"{Connections}/{id}/sync", null));
            await Send(await user.Client.GetAsync($"{Connections}/{id}"));
        }
        await Send(await user.Client.GetAsync(Connections));
        await Send(await user.Client.GetAsync("/api/v1/accounts"));
        await Send(await user.Client.GetAsync("/api/v1/transactions"));

        var sandboxToken = await RevealAsync(api, sandboxId);
        var lockedToken = await RevealAsync(api, lockedId);
        Assert.Equal(PlaidAccessToken, await RevealAsync(api, plaidId));
        foreach (var id in new[] { sandboxId, plaidId, lockedId })
            await Send(await user.Client.DeleteAsync($"{Connections}/{id}"));

        Assert.Contains(logs.Lines, l => l.Contains("SyncConnectionCommand", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("/item/public_token/exchange", StringComparison.Ordinal));
        var secrets = new[]
        {
            sandboxToken, lockedToken, PlaidAccessToken, PlaidPublicToken, PlaidSecret, SandboxBankProvider.GoodToken,
            SandboxBankProvider.LoginRequiredToken, ApiFactory.EncryptionKey, user.AccessToken,
        };
        var responses = string.Join('\n', bodies);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, logs.All, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, responses, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_sync_route_is_in_the_openapi_document_with_its_problem_answers(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var document = await (await api.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync();

        var operation = document.GetProperty("paths").GetProperty("/api/v1/bank-connections/{id}/sync").GetProperty("post");
        var responses = operation.GetProperty("responses");
        foreach (var status in new[] { "200", "404", "409", "502" })
            Assert.True(responses.TryGetProperty(status, out _), $"sync documents no {status}");
        Assert.True(responses.GetProperty("502").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(operation.TryGetProperty("security", out _));
    }

    private static async Task<string> RevealAsync(ApiFactory api, Guid connectionId)
    {
        await using var db = api.Database.CreateContext(systemScope: true);
        var connection = await db.BankConnections.SingleAsync(c => c.Id == connectionId);
        return connection.RevealAccessToken(api.Services.GetRequiredService<ISecretProtector>());
    }

    private static (int, int, int, int) Counts(JsonElement result) => (
        result.GetProperty("added").GetInt32(), result.GetProperty("modified").GetInt32(),
        result.GetProperty("removed").GetInt32(), result.GetProperty("accounts").GetInt32());
}
