using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

// Issue 10's baseline for the HTTP rows of bench/run.sh: the same pages the service answers, each one hand-written
// query on a pooled connection, serialized by System.Text.Json. Nothing else: no EF, no Mediator, no validation, no
// authentication (the user is a query parameter), no rate limiter, no problem details.
//   BARE_POSTGRES  an Npgsql connection string (routes /pg/…)
//   BARE_SQLITE    a SQLite file the service created (routes /sqlite/…)
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
var app = builder.Build();

app.MapGet("/health", () => "ok");

if (Environment.GetEnvironmentVariable("BARE_POSTGRES") is { Length: > 0 } postgres)
{
    var source = NpgsqlDataSource.Create(postgres);
    app.MapGet("/pg/transactions", async (Guid user, DateOnly? date, Guid? id) =>
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = date is null
            ? $"SELECT {Sql.TransactionColumns} FROM transactions WHERE user_id = $1 ORDER BY date DESC, id DESC LIMIT 51"
            : $"SELECT {Sql.TransactionColumns} FROM transactions WHERE user_id = $1 AND (date, id) < ($2, $3) ORDER BY date DESC, id DESC LIMIT 51";
        command.Parameters.Add(new NpgsqlParameter { Value = user });
        if (date is { } d)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = d });
            command.Parameters.Add(new NpgsqlParameter { Value = id ?? Guid.Empty });
        }
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<TransactionRow>(51);
        while (await reader.ReadAsync())
            rows.Add(new TransactionRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetDecimal(3), reader.GetString(4),
                DateOnly.FromDateTime(reader.GetDateTime(5)), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.GetBoolean(11), reader.GetString(12), reader.GetInt32(13), reader.IsDBNull(14) ? null : reader.GetGuid(14),
                reader.GetFieldValue<DateTimeOffset>(15), reader.GetFieldValue<DateTimeOffset>(16)));
        return Page.Of(rows);
    });
    app.MapGet("/pg/accounts", async (Guid user) =>
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Sql.AccountColumns} FROM accounts WHERE user_id = $1 AND deleted_at IS NULL ORDER BY id LIMIT 51";
        command.Parameters.Add(new NpgsqlParameter { Value = user });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<AccountRow>();
        while (await reader.ReadAsync())
            rows.Add(new AccountRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetDecimal(6), reader.GetString(7), reader.GetBoolean(8), reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10)));
        return Page.Of(rows);
    });
}

if (Environment.GetEnvironmentVariable("BARE_SQLITE") is { Length: > 0 } file)
{
    // Pooled (Microsoft.Data.Sqlite's default), read-only: the service owns the file.
    var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
    app.MapGet("/sqlite/transactions", async (Guid user, DateOnly? date, Guid? id) =>
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = date is null
            ? $"SELECT {Sql.TransactionColumns} FROM transactions WHERE user_id = $u ORDER BY date DESC, id DESC LIMIT 51"
            : $"SELECT {Sql.TransactionColumns} FROM transactions WHERE user_id = $u AND (date, id) < ($d, $i) ORDER BY date DESC, id DESC LIMIT 51";
        command.Parameters.AddWithValue("$u", user.ToString().ToUpperInvariant());
        if (date is { } d)
        {
            command.Parameters.AddWithValue("$d", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$i", (id ?? Guid.Empty).ToString().ToUpperInvariant());
        }
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<TransactionRow>(51);
        while (await reader.ReadAsync())
            rows.Add(new TransactionRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetDecimal(3), reader.GetString(4),
                DateOnly.ParseExact(reader.GetString(5), "yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.GetBoolean(11), reader.GetString(12), reader.GetInt32(13), reader.IsDBNull(14) ? null : reader.GetGuid(14),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(15), DateTimeKind.Utc)), new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(16), DateTimeKind.Utc))));
        return Page.Of(rows);
    });
}

app.Run();

internal static class Sql
{
    public const string TransactionColumns =
        "id, account_id, transaction_id, amount, currency, date, name, merchant_name, category, kind, note, pending, source, edited_fields, counterpart_id, created_at, updated_at";

    public const string AccountColumns = "id, connection_id, account_id, name, type, subtype, balance, currency, is_manual, created_at, updated_at";
}

internal sealed record TransactionRow(
    Guid Id, Guid AccountId, string TransactionId, decimal Amount, string Currency, DateOnly Date, string Name, string? MerchantName,
    string? Category, string Kind, string? Note, bool Pending, string Source, int EditedFields, Guid? CounterpartId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record AccountRow(
    Guid Id, Guid ConnectionId, string AccountId, string Name, string Type, string Subtype, decimal Balance, string Currency, bool IsManual,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The service's page shape: up to 50 items and the cursor of the next page.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

internal static class Page
{
    public static Page<T> Of<T>(List<T> rows) =>
        rows.Count > 50 ? new Page<T>(rows.GetRange(0, 50), "more") : new Page<T>(rows, null);
}
