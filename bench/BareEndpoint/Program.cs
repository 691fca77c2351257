using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

// Issue 10's baseline for the HTTP rows of bench/run.sh: the same pages the service answers, each one hand-written
// query on a pooled connection, serialized by System.Text.Json. The same answer: the columns the service reads, its
// soft-delete rule (a deleted account's rows are hidden) and its JSON shape (edited fields by name, the provider's
// values), so that bench/run.sh can check the two answers are equal before it times them. Nothing else: no EF, no Mediator, no validation, no
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
            ? $"SELECT {Sql.TransactionColumns} FROM transactions WHERE user_id = $1 AND NOT account_deleted ORDER BY date DESC, id DESC LIMIT 51"
            : $"SELECT {Sql.TransactionColumns} FROM transactions WHERE user_id = $1 AND NOT account_deleted AND (date, id) < ($2, $3) ORDER BY date DESC, id DESC LIMIT 51";
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
                reader.GetBoolean(11), reader.GetString(12), Edited.Names(reader.GetInt32(13)),
                new SourceValues(reader.GetString(14), reader.IsDBNull(15) ? null : reader.GetString(15), reader.IsDBNull(16) ? null : reader.GetString(16), reader.GetString(17)),
                reader.IsDBNull(18) ? null : reader.GetGuid(18), reader.GetFieldValue<DateTimeOffset>(19), reader.GetFieldValue<DateTimeOffset>(20)));
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
                reader.GetString(4) is "credit" or "loan" ? "liability" : "asset", reader.GetDecimal(6), reader.GetString(7), reader.GetBoolean(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10), reader.GetFieldValue<DateTimeOffset>(11)));
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
            ? $"SELECT {Sql.TransactionColumns} FROM transactions WHERE user_id = $u AND NOT account_deleted ORDER BY date DESC, id DESC LIMIT 51"
            : $"SELECT {Sql.TransactionColumns} FROM transactions WHERE user_id = $u AND NOT account_deleted AND (date, id) < ($d, $i) ORDER BY date DESC, id DESC LIMIT 51";
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
                reader.GetBoolean(11), reader.GetString(12), Edited.Names(reader.GetInt32(13)),
                new SourceValues(reader.GetString(14), reader.IsDBNull(15) ? null : reader.GetString(15), reader.IsDBNull(16) ? null : reader.GetString(16), reader.GetString(17)),
                reader.IsDBNull(18) ? null : reader.GetGuid(18),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(19), DateTimeKind.Utc)), new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(20), DateTimeKind.Utc))));
        return Page.Of(rows);
    });
}

app.Run();

internal static class Sql
{
    public const string TransactionColumns =
        "id, account_id, transaction_id, amount, currency, date, name, merchant_name, category, kind, note, pending, source, edited_fields, " +
        "source_name, source_merchant_name, source_category, source_kind, counterpart_id, created_at, updated_at";

    public const string AccountColumns = "id, connection_id, account_id, name, type, subtype, balance, currency, is_manual, closed_at, created_at, updated_at";
}

internal sealed record TransactionRow(
    Guid Id, Guid AccountId, string TransactionId, decimal Amount, string Currency, DateOnly Date, string Name, string? MerchantName,
    string? Category, string Kind, string? Note, bool Pending, string Source, IReadOnlyList<string> EditedFields, SourceValues SourceValues,
    Guid? CounterpartId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The provider's own values of the fields a user can edit.</summary>
internal sealed record SourceValues(string Name, string? MerchantName, string? Category, string Kind);

/// <summary>The edited-fields flags (name 1, merchant 2, category 4, kind 8) as the service names them.</summary>
internal static class Edited
{
    private static readonly string[] Fields = ["name", "merchant_name", "category", "kind"];

    public static IReadOnlyList<string> Names(int flags)
    {
        if (flags == 0) return [];
        var names = new List<string>(Fields.Length);
        for (var i = 0; i < Fields.Length; i++)
            if ((flags & (1 << i)) != 0) names.Add(Fields[i]);
        return names;
    }
}

internal sealed record AccountRow(
    Guid Id, Guid ConnectionId, string AccountId, string Name, string Type, string Subtype, string Classification, decimal Balance, string Currency,
    bool IsManual, DateTimeOffset? ClosedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The service's page shape: up to 50 items and the cursor of the next page.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

internal static class Page
{
    public static Page<T> Of<T>(List<T> rows) =>
        rows.Count > 50 ? new Page<T>(rows.GetRange(0, 50), "more") : new Page<T>(rows, null);
}
