using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Api;
using FinInfra.Integration.Tests.Infrastructure;
using FinInfra.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using static FinInfra.Integration.Tests.Api.ApiScenario;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Transactions;

/// <summary>
/// Issue 10's bulk import on every engine: the streaming file route (NDJSON and CSV) and the batch route share one path
/// whose engine half stages and merges in single statements; counts of inserted, updated and unchanged rows; the user's
/// edit locks; all or nothing unless bad lines are skipped; transfers matched; overlapping concurrent imports.
/// </summary>
public sealed class BulkImportTests
{
    private static string Ndjson(IEnumerable<object> rows) => string.Join("\n", rows.Select(r => JsonSerializer.Serialize(r, Json))) + "\n";

    private static async Task<HttpResponseMessage> PostFileAsync(ApiUser user, Guid accountId, string body, string mediaType = "application/x-ndjson", string query = "")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return await user.Client.PostAsync($"/api/v1/accounts/{accountId}/transactions/import{query}", content);
    }

    private static async Task<(int Inserted, int Updated, int Unchanged, int RejectedCount)> ImportFileAsync(ApiUser user, Guid accountId, string body,
        string mediaType = "application/x-ndjson", string query = "")
    {
        var json = await (await PostFileAsync(user, accountId, body, mediaType, query)).ReadJsonAsync();
        return (json.GetProperty("inserted").GetInt32(), json.GetProperty("updated").GetInt32(), json.GetProperty("unchanged").GetInt32(),
            json.GetProperty("rejectedCount").GetInt32());
    }

    private static async Task<int> CountAsync(ApiFactory api, Guid accountId)
    {
        await using var db = api.Database.CreateContext(systemScope: true);
        return await db.Transactions.IgnoreQueryFilters().CountAsync(t => t.AccountId == accountId);
    }

    private static async Task<JsonElement> TransactionAsync(ApiUser user, Guid accountId, string transactionId)
    {
        var page = await user.GetJsonAsync($"/api/v1/transactions?accountId={accountId}&limit=500");
        return page.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("transactionId").GetString() == transactionId);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_import_counts_inserted_updated_and_unchanged_rows_and_a_reimport_changes_nothing(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var account = (await user.CreateAccountAsync()).Id();
        var rows = Enumerable.Range(1, 30).Select(i => Txn($"t{i:D3}", -i - 0.25m, $"2026-03-{i % 28 + 1:D2}", $"Shop {i}", category: "Food")).ToList();

        Assert.Equal((30, 0, 0, 0), await ImportFileAsync(user, account, Ndjson(rows)));
        var before = await TransactionAsync(user, account, "t007");
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal((0, 0, 30, 0), await ImportFileAsync(user, account, Ndjson(rows)));
        // An unchanged row is not written: its updated instant stays.
        Assert.Equal(before.GetProperty("updatedAt").GetDateTimeOffset(), (await TransactionAsync(user, account, "t007")).GetProperty("updatedAt").GetDateTimeOffset());

        rows[6] = Txn("t007", -99.5m, "2026-03-08", "Shop 7", category: "Food");
        rows[7] = Txn("t008", -8.25m, "2026-03-09", "Shop 8", category: "Food", pending: true);
        rows.Add(Txn("t999", 12m, "2026-03-20", "Refund"));
        Assert.Equal((1, 2, 28, 0), await ImportFileAsync(user, account, Ndjson(rows)));
        var changed = await TransactionAsync(user, account, "t007");
        Assert.Equal((-99.5m, true), (changed.GetProperty("amount").GetDecimal(), changed.GetProperty("updatedAt").GetDateTimeOffset() > before.GetProperty("updatedAt").GetDateTimeOffset()));
        Assert.True((await TransactionAsync(user, account, "t008")).GetProperty("pending").GetBoolean());
        Assert.Equal(31, await CountAsync(api, account));

        // The batch route takes the same path: same counts, same rows.
        var batch = await user.ImportAsync(account, Txn("t001", -1.25m, "2026-03-02", "Shop 1", category: "Food"), Txn("b1", -3m, "2026-03-03", "New"));
        Assert.Equal((1, 0), (batch.GetProperty("inserted").GetInt32(), batch.GetProperty("updated").GetInt32()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reimported_file_keeps_the_fields_the_user_edited_and_stores_the_sources_values_beside_them(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var account = (await user.CreateAccountAsync()).Id();
        const string header = "transactionId,amount,date,name,merchantName,category,pending\n";
        Assert.Equal((2, 0, 0, 0), await ImportFileAsync(user, account, header + "a,-12.50,2026-04-01,STARBUCKS 123,Starbucks,Coffee,false\nb,-3,2026-04-02,Bus,,Transport,\n", "text/csv"));
        var a = await TransactionAsync(user, account, "a");
        await (await user.Client.PatchAsJsonAsync($"/api/v1/transactions/{a.Id()}", new { name = "Morning coffee", category = "Treats", kind = "excluded" }, Json)).ReadJsonAsync();

        // The bank renames and recategorises; the user's fields stay, the source's are kept beside them; the amount follows the source.
        Assert.Equal((0, 1, 1, 0), await ImportFileAsync(user, account, header + "a,-13.00,2026-04-01,\"STARBUCKS, 123\",Starbucks Corp,Cafe,false\nb,-3,2026-04-02,Bus,,Transport,\n", "text/csv"));
        var after = await TransactionAsync(user, account, "a");
        Assert.Equal(("Morning coffee", "Treats", "excluded", "Starbucks Corp", -13.00m),
            (after.GetProperty("name").GetString(), after.GetProperty("category").GetString(), after.GetProperty("kind").GetString(),
             after.GetProperty("merchantName").GetString(), after.GetProperty("amount").GetDecimal()));
        var source = after.GetProperty("sourceValues");
        Assert.Equal(("STARBUCKS, 123", "Cafe"), (source.GetProperty("name").GetString(), source.GetProperty("category").GetString()));
        // The category filter uses the user's category's key, not the source's.
        var treats = await user.GetJsonAsync($"/api/v1/transactions?accountId={account}&category=treats");
        Assert.Single(treats.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bad_line_fails_the_whole_file_with_its_line_number_unless_the_client_skips_bad_lines(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var account = (await user.CreateAccountAsync()).Id();
        var body = Ndjson([Txn("ok1", -1m, "2026-05-01")]) + "{\"transactionId\":\"bad\",\"amount\":\"12\",\"date\":\"2026-05-01\",\"name\":\"x\"}\n"
                   + "not json\n" + Ndjson([Txn("ok2", -1.123456m, "2026-05-01"), Txn("ok1", -2m, "2026-05-02"), Txn("ok3", -3m, "2026-05-03")]);

        var problem = await AssertProblemAsync(await PostFileAsync(user, account, body), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["line 2", "line 3", "line 4", "line 5"], errors.EnumerateObject().Select(e => e.Name).ToArray());
        Assert.Equal(0, await CountAsync(api, account));

        var skipped = await (await PostFileAsync(user, account, body, query: "?skipInvalid=true")).ReadJsonAsync();
        Assert.Equal((2, 4), (skipped.GetProperty("inserted").GetInt32(), skipped.GetProperty("rejectedCount").GetInt32()));
        Assert.Equal([2L, 3L, 4L, 5L], skipped.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt64()).ToArray());
        Assert.All(skipped.GetProperty("rejected").EnumerateArray(), r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("reason").GetString())));
        Assert.Equal(2, await CountAsync(api, account));
    }

    [Fact]
    public async Task A_refused_import_leaves_no_staging_table_on_its_pooled_Postgres_connection()
    {
        // The service's PostgreSQL connections skip the server-side reset when they go back to the pool (DatabaseSettings),
        // so the writer itself must drop what it made: a file refused on a bad line is staged but never merged.
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Postgres);
        var user = await api.CreateUserAsync();
        var account = (await user.CreateAccountAsync()).Id();
        var refused = Ndjson(Enumerable.Range(1, 600).Select(i => Txn($"r{i:D4}", -1m, "2026-05-01"))) + "not json\n";

        await AssertProblemAsync(await PostFileAsync(user, account, refused), HttpStatusCode.BadRequest);
        Assert.Equal(0, await StagingTablesAsync(api));
        Assert.Equal((1, 0, 0, 0), await ImportFileAsync(user, account, Ndjson([Txn("ok", -1m, "2026-05-01")])));
        Assert.Equal(0, await StagingTablesAsync(api));
        Assert.Equal(1, await CountAsync(api, account));
    }

    /// <summary>Temporary staging tables that exist in the test's database, on any session.</summary>
    private static async Task<long> StagingTablesAsync(ApiFactory api)
    {
        await using var connection = new Npgsql.NpgsqlConnection(api.Database.Settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'import_staging' AND n.nspname LIKE 'pg_temp%'",
            connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_that_is_not_a_transaction_file_is_a_4xx_problem(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var account = (await user.CreateAccountAsync()).Id();
        await AssertProblemAsync(await PostFileAsync(user, account, "a;b;c\n1;2;3\n", "text/csv"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await PostFileAsync(user, account, "transactionId,amount,date,name\n\"x,1,2026-01-01,y\n", "text/csv"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await PostFileAsync(user, account, "{}", "application/json"), HttpStatusCode.UnsupportedMediaType);
        await AssertProblemAsync(await PostFileAsync(user, Guid.NewGuid(), Ndjson([Txn("x", 1m, "2026-01-01")])), HttpStatusCode.NotFound);
        var empty = await (await PostFileAsync(user, account, "")).ReadJsonAsync();
        Assert.Equal(0, empty.GetProperty("inserted").GetInt32());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_larger_than_the_default_body_limit_streams_in_and_its_transfers_are_matched(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var checking = (await user.CreateAccountAsync(name: "Checking")).Id();
        var savings = (await user.CreateAccountAsync(name: "Savings")).Id();
        await user.ImportAsync(checking, Txn("move", -750m, "2026-06-10", "To savings"));

        const int count = 12_000;
        var rows = Enumerable.Range(0, count).Select(i => Txn($"row-{i:D6}", i == 5000 ? 750m : 1m + i / 100m, i == 5000 ? "2026-06-11" : $"2026-{i % 12 + 1:D2}-{i % 28 + 1:D2}",
            $"A longer description for row {i} so the file passes a megabyte", category: i % 3 == 0 ? "Food" : null));
        var body = Ndjson(rows);
        Assert.True(Encoding.UTF8.GetByteCount(body) > 1024 * 1024);
        Assert.Equal((count, 0, 0, 0), await ImportFileAsync(user, savings, body));
        Assert.Equal(count, await CountAsync(api, savings));

        var moved = await TransactionAsync(user, checking, "move");
        Assert.Equal("transfer", moved.GetProperty("kind").GetString());
        Assert.Equal((0, 0, count, 0), await ImportFileAsync(user, savings, body));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Eight_overlapping_imports_into_one_account_sent_at_once_all_succeed_without_duplicates(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var account = (await user.CreateAccountAsync()).Id();
        // Batch k holds ids k*100 … k*100+399: each overlaps the next three, in a different order (odd batches reversed).
        var batches = Enumerable.Range(0, 8).Select(k =>
        {
            var ids = Enumerable.Range(k * 100, 400).Select(i => Txn($"c{i:D5}", -1m - i % 50, $"2026-07-{i % 28 + 1:D2}", $"Row {i}"));
            return (k % 2 == 1 ? ids.Reverse() : ids).ToList();
        }).ToList();

        var responses = await Task.WhenAll(batches.Select((rows, k) => k % 2 == 0
            ? user.Client.PostAsJsonAsync($"/api/v1/accounts/{account}/transactions", new { transactions = rows }, Json)
            : PostFileAsync(user, account, Ndjson(rows))));
        foreach (var response in responses) await EnsureStatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(700 + 400, await CountAsync(api, account));
        var inserted = 0;
        foreach (var response in responses) inserted += (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("inserted").GetInt32();
        Assert.Equal(1100, inserted);
    }

    private static async Task<(int ExitCode, string Output, string Error)> DbAsync(TestDatabase database, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DbCommandHost.RunAsync(args, output, error, builder =>
        {
            builder.Environment.EnvironmentName = Environments.Development;
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Default"] = database.Settings.ConnectionString,
                ["Database:Provider"] = database.Settings.Provider.ToString(),
                ["Encryption:Keys:k1"] = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()),
            });
        });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Db_import_transactions_takes_the_same_path_reports_progress_and_refuses_another_users_account(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var other = await api.CreateUserAsync();
        var account = (await user.CreateAccountAsync()).Id();
        var folder = Directory.CreateTempSubdirectory("fininfra-import-");
        try
        {
            var ndjson = Path.Combine(folder.FullName, "rows.ndjson");
            await File.WriteAllTextAsync(ndjson, Ndjson(Enumerable.Range(0, 11_000).Select(i => Txn($"cli-{i:D5}", -1m - i % 90, $"2026-08-{i % 28 + 1:D2}", $"Row {i}"))));
            var first = await DbAsync(api.Database, "import-transactions", ndjson, "--account", account.ToString(), "--user", user.Email);
            Assert.True(first.ExitCode == 0, first.Error);
            Assert.Contains("11000 inserted, 0 updated, 0 unchanged, 0 rejected", first.Output);
            // Redirected output: plain progress lines, no carriage returns.
            Assert.Contains("read 5,000 rows", first.Output);
            Assert.DoesNotContain('\r', first.Output);
            Assert.Equal(11_000, await CountAsync(api, account));

            var csv = Path.Combine(folder.FullName, "rows.csv");
            await File.WriteAllTextAsync(csv, "transactionId,amount,date,name\ncli-00000,-1,2026-08-01,Row 0\ncli-00001,-7,2026-08-02,Row 1\nbad,abc,2026-08-02,x\n");
            var refused = await DbAsync(api.Database, "import-transactions", csv, "--account", account.ToString());
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("line 4", refused.Error);
            var skipped = await DbAsync(api.Database, "import-transactions", csv, "--account", account.ToString(), "--skip-invalid");
            Assert.True(skipped.ExitCode == 0, skipped.Error);
            Assert.Contains("0 inserted, 1 updated, 1 unchanged, 1 rejected", skipped.Output);

            var foreign = await DbAsync(api.Database, "import-transactions", ndjson, "--account", account.ToString(), "--user", other.Email);
            Assert.Equal(1, foreign.ExitCode);
            Assert.Contains("does not belong", foreign.Error);
            Assert.Equal(2, (await DbAsync(api.Database, "import-transactions", ndjson)).ExitCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
