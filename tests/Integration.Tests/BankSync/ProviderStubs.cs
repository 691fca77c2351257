using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FinInfra.Integration.Tests.BankSync;

/// <summary>Local stand-ins for Plaid and Teller (WireMock.Net), answering with the JSON their documentation shows.</summary>
public static class ProviderStubs
{
    public const string PlaidClientId = "plaid-client-id-4f1c";
    public const string PlaidSecret = "plaid-secret-9d2e7b";
    public const string PlaidAccessToken = "access-sandbox-7c1a9e";
    public const string PlaidPublicToken = "public-sandbox-3b8d2f";

    public static Dictionary<string, string?> PlaidSettings(WireMockServer server) => new()
    {
        ["BankProviders:Plaid:ClientId"] = PlaidClientId,
        ["BankProviders:Plaid:Secret"] = PlaidSecret,
        ["BankProviders:Plaid:BaseUrl"] = server.Url,
    };

    public static Dictionary<string, string?> TellerSettings(WireMockServer server) => new()
    {
        ["BankProviders:Teller:Enabled"] = "true",
        ["BankProviders:Teller:BaseUrl"] = server.Url,
    };

    /// <summary>A POST to a Plaid endpoint; <paramref name="body"/>, when given, must be part of the request's JSON.</summary>
    public static void Plaid(this WireMockServer server, string path, object response, int status = 200, object? body = null, int priority = 10)
    {
        var request = Request.Create().WithPath(path).UsingPost();
        if (body is not null) request = request.WithBody(new JsonPartialMatcher(body));
        server.Given(request).AtPriority(priority).RespondWith(Json(response, status));
    }

    public static void PlaidError(this WireMockServer server, string path, string errorType, string errorCode, object? body = null, int status = 400, int priority = 1) =>
        server.Plaid(path, new
        {
            error_type = errorType,
            error_code = errorCode,
            error_message = $"the login details of this item have changed for {PlaidAccessToken}",
            display_message = (string?)null,
            request_id = "req-1",
        }, status, body, priority);

    public static void PlaidLinkedItem(this WireMockServer server)
    {
        server.Plaid("/item/public_token/exchange", new { access_token = PlaidAccessToken, item_id = "item-plaid-1", request_id = "req-1" });
        server.Plaid("/item/get", new { item = new { item_id = "item-plaid-1", institution_id = "ins_109508", institution_name = "First Platypus Bank" }, request_id = "req-2" });
        server.Plaid("/accounts/get", new
        {
            accounts = new object[]
            {
                PlaidAccount("plaid-checking", "Plaid Checking", "depository", "checking", 110.00m),
                PlaidAccount("plaid-card", "Plaid Credit Card", "credit", "credit card", 410.00m),
            },
            item = new { item_id = "item-plaid-1" },
            request_id = "req-3",
        });
    }

    public static object PlaidAccount(string id, string name, string type, string subtype, decimal current) => new
    {
        account_id = id,
        name,
        official_name = $"{name} (official)",
        type,
        subtype,
        mask = "0000",
        balances = new { available = current - 10m, current, limit = (decimal?)null, iso_currency_code = "USD", unofficial_currency_code = (string?)null },
    };

    /// <summary>A Plaid transaction; Plaid's sign: positive = money out.</summary>
    public static object PlaidTransaction(string id, string account, decimal plaidAmount, string date, bool pending = false, string? pendingId = null, string primary = "FOOD_AND_DRINK") => new
    {
        transaction_id = id,
        account_id = account,
        amount = plaidAmount,
        iso_currency_code = "USD",
        date,
        name = $"Merchant {id}",
        merchant_name = $"Merchant {id}",
        pending,
        pending_transaction_id = pendingId,
        personal_finance_category = new { primary, detailed = primary + "_OTHER" },
        category = new[] { "Food and Drink" },
    };

    public static object PlaidSyncPage(object[] added, object[]? modified = null, string[]? removed = null, string nextCursor = "cursor-end", bool hasMore = false) => new
    {
        added,
        modified = modified ?? [],
        removed = (removed ?? []).Select(id => new { transaction_id = id, account_id = "plaid-checking" }).ToArray(),
        next_cursor = nextCursor,
        has_more = hasMore,
        transactions_update_status = "HISTORICAL_UPDATE_COMPLETE",
        request_id = "req-sync",
    };

    /// <summary>A GET to a Teller endpoint, optionally only when a query parameter has a value.</summary>
    public static void Teller(this WireMockServer server, string path, object response, int status = 200, (string Name, string Value)? param = null, int priority = 10, string method = "GET")
    {
        var request = Request.Create().WithPath(path).UsingMethod(method);
        if (param is { } p) request = request.WithParam(p.Name, p.Value);
        server.Given(request).AtPriority(param is null ? priority : 1).RespondWith(Json(response, status));
    }

    public static object TellerAccount(string id, string type, string subtype) => new
    {
        id,
        name = $"Teller {subtype}",
        type,
        subtype,
        currency = "USD",
        enrollment_id = "enr_teller_1",
        institution = new { id = "security_cu", name = "Security Credit Union" },
        last_four = "1234",
        status = "open",
        links = new { self = $"/accounts/{id}", balances = $"/accounts/{id}/balances", transactions = $"/accounts/{id}/transactions" },
    };

    public static object TellerTransaction(string id, string account, string amount, string date, string status = "posted") => new
    {
        id,
        account_id = account,
        amount,
        date,
        description = $"Teller {id}",
        status,
        type = "card_payment",
        running_balance = (string?)null,
        details = new { processing_status = "complete", category = "dining", counterparty = new { name = $"Shop {id}", type = "organization" } },
        links = new { self = $"/accounts/{account}/transactions/{id}", account = $"/accounts/{account}" },
    };

    private static IResponseBuilder Json(object body, int status) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBodyAsJson(body);
}
