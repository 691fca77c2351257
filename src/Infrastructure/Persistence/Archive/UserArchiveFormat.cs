using System.Globalization;
using System.Text.Json;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Budgets;
using FinInfra.Domain.Common;
using FinInfra.Domain.Documents;
using FinInfra.Domain.Goals;
using FinInfra.Domain.NetWorth;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace FinInfra.Infrastructure.Persistence.Archive;

/// <summary>
/// The user archive, format <see cref="Name"/> version <see cref="Version"/> (docs/database.md): a zip holding
/// <c>manifest.json</c>, one <c>tables/&lt;table&gt;.json</c> per exported table (an array of rows, each an object keyed by
/// the table's column names) and <c>files/&lt;document id&gt;</c> per stored document file. A change to what a row holds or
/// how a value is written is a new version; a reader refuses versions it does not know.
/// </summary>
public static class UserArchiveFormat
{
    public const string Name = "fininfra-user-export";
    public const int Version = 1;
    public const string ContentType = "application/zip";
    public const string ManifestEntry = "manifest.json";

    public static string TableEntry(string table) => $"tables/{table}.json";

    public static string FileEntry(Guid documentId) => $"files/{documentId:D}";

    /// <summary>The manifest's JSON: the API's conventions (camelCase, strings for names).</summary>
    internal static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Every table that holds a user's data, in the order it is written, with the columns that are left out.</summary>
    public static readonly IReadOnlyList<ArchiveTable> Tables =
    [
        new ArchiveTable<User>("users", (rows, id) => rows.Where(u => u.Id == id),
            // The password hash and the security stamp are credentials, not data: an archive must never let anyone sign in.
            // The snapshot job's lease is this installation's scheduling state, not the user's data.
            omitted: ["hashed_password", "security_stamp", "snapshot_lease_until"]),
        new ArchiveTable<BankConnection>("bank_connections", (rows, id) => rows.Where(c => c.UserId == id),
            // The sealed provider token: a secret, and bound to this installation's keys anyway.
            omitted: ["access_token"]),
        new ArchiveTable<Account>("accounts", (rows, id) => rows.Where(a => a.UserId == id)),
        new ArchiveTable<AccountValuation>("account_valuations", (rows, id) => rows.Where(v => v.UserId == id)),
        new ArchiveTable<Transaction>("transactions", (rows, id) => rows.Where(t => t.UserId == id)),
        new ArchiveTable<Budget>("budgets", (rows, id) => rows.Where(b => b.UserId == id)),
        new ArchiveTable<Goal>("goals", (rows, id) => rows.Where(g => g.UserId == id)),
        new ArchiveTable<NetWorthSnapshot>("net_worth_snapshots", (rows, id) => rows.Where(s => s.UserId == id)),
        new ArchiveTable<Document>("documents", (rows, id) => rows.Where(d => d.UserId == id)),
    ];

    /// <summary>Tables that hold rows about a user but are never exported, and why (stated in the manifest too).</summary>
    public static readonly IReadOnlyDictionary<string, string> NotExported = new Dictionary<string, string>
    {
        ["refresh_tokens"] = "sessions: hashes of live credentials; the user signs in again on the new installation",
        ["idempotency_keys"] = "replay records of recent requests (security state, expires within a day)",
        ["account_balance_days"] = "derived from transactions and valuations: recomputed for every account when the archive is imported",
        ["provider_revocations"] = "sealed bank tokens waiting to be revoked at their provider: secrets, and this installation's duty",
        ["exchange_rates"] = "reference data shared by every user (ECB and manual rates), not one user's; the importing installation has its own",
    };
}

/// <summary>One exported table: which rows are the user's, and the columns left out of them.</summary>
public abstract class ArchiveTable(string name, Type entityType, IReadOnlyList<string> omitted)
{
    public string Name { get; } = name;

    public Type EntityType { get; } = entityType;

    public IReadOnlyList<string> Omitted { get; } = omitted;

    /// <summary>
    /// The columns a row of this table holds in the archive, in the model's order, by column name. Shadow columns are
    /// copies the database keeps of other rows' state (<c>transactions.account_deleted</c>): derived again on import.
    /// </summary>
    public IReadOnlyList<(string Column, IProperty Property)> Columns(AppDbContext db) =>
        [.. db.Model.FindEntityType(EntityType)!.GetProperties()
            .Where(p => !p.IsShadowProperty())
            .Select(p => (Column: p.GetColumnName(), Property: p))
            .Where(c => !Omitted.Contains(c.Column))];

    /// <summary>The user's rows, soft-deleted ones included, oldest id first, untracked.</summary>
    internal abstract IAsyncEnumerable<object> RowsOf(AppDbContext db, Guid userId);

    /// <summary>The first of <paramref name="ids"/> that is already stored (any user, deleted or not), or null.</summary>
    internal abstract Task<Guid?> FirstTakenIdAsync(AppDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);
}

internal sealed class ArchiveTable<T>(string name, Func<IQueryable<T>, Guid, IQueryable<T>> ofUser, string[]? omitted = null)
    : ArchiveTable(name, typeof(T), omitted ?? []) where T : Entity
{
    internal override IAsyncEnumerable<object> RowsOf(AppDbContext db, Guid userId) =>
        // Only the soft-delete filter is lifted: the owner filter still applies (the API's caller, or the db command's system scope).
        ofUser(db.Set<T>().IgnoreQueryFilters([QueryFilters.SoftDelete]), userId).OrderBy(e => e.Id).AsNoTracking().AsAsyncEnumerable();

    internal override async Task<Guid?> FirstTakenIdAsync(AppDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(500))
        {
            var taken = await db.Set<T>().IgnoreQueryFilters().Where(e => chunk.Contains(e.Id)).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(cancellationToken);
            if (taken is not null) return taken;
        }
        return null;
    }
}

/// <summary>
/// How a column's value is written in the archive, whatever engine it came from: ids as UUID strings, text as strings,
/// money as JSON numbers written from the <see cref="decimal"/> itself (never through a double), instants as ISO-8601
/// with their offset, dates as <c>yyyy-MM-dd</c>, enums as their lower snake_case names (a set of flags as an array of
/// them), JSON columns as the JSON itself.
/// </summary>
internal static class ArchiveValues
{
    public static void Write(Utf8JsonWriter writer, IProperty property, object? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        if (property.FindAnnotation(ModelAnnotations.Json) is not null)
        {
            // Typed JSON columns have a converter; a column that holds JSON text (extracted data) is the text itself.
            writer.WriteRawValue((string)(property.GetValueConverter()?.ConvertToProvider(value) ?? value));
            return;
        }
        switch (value)
        {
            case Guid guid: writer.WriteStringValue(guid); break;
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case int number: writer.WriteNumberValue(number); break;
            case long number: writer.WriteNumberValue(number); break;
            case decimal money: writer.WriteNumberValue(money); break;
            case DateTimeOffset instant: writer.WriteStringValue(instant); break;
            case DateOnly date: writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case Enum flags when IsFlags(flags.GetType()):
                writer.WriteStartArray();
                foreach (Enum flag in Enum.GetValues(flags.GetType()))
                    if (Convert.ToInt64(flag, CultureInfo.InvariantCulture) != 0 && flags.HasFlag(flag))
                        writer.WriteStringValue(SnakeCaseEnumConverter.ToSnakeCase(flag.ToString()));
                writer.WriteEndArray();
                break;
            case Enum name: writer.WriteStringValue(SnakeCaseEnumConverter.ToSnakeCase(name.ToString())); break;
            default:
                // A value object (email, currency code): its stored text, through the model's own converter.
                writer.WriteStringValue((string)property.GetValueConverter()!.ConvertToProvider(value)!);
                break;
        }
    }

    /// <summary>The value <see cref="Write"/> wrote, as the property's CLR value; a value that does not fit is refused.</summary>
    public static object? Read(JsonElement element, IProperty property)
    {
        if (element.ValueKind == JsonValueKind.Null)
            return property.IsNullable ? null : throw new FormatException("null where a value is required");
        if (property.FindAnnotation(ModelAnnotations.Json) is not null)
            return property.GetValueConverter() is { } converter ? converter.ConvertFromProvider(element.GetRawText()) : element.GetRawText();
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (type == typeof(Guid)) return element.GetGuid();
        if (type == typeof(string)) return element.GetString() ?? throw new FormatException("not a string");
        if (type == typeof(bool)) return element.GetBoolean();
        if (type == typeof(int)) return element.GetInt32();
        if (type == typeof(long)) return element.GetInt64();
        if (type == typeof(decimal)) return element.GetDecimal();
        if (type == typeof(DateTimeOffset)) return ReadInstant(element);
        if (type == typeof(DateOnly)) return DateOnly.ParseExact(element.GetString() ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (type.IsEnum && IsFlags(type))
        {
            long bits = 0;
            foreach (var name in element.EnumerateArray()) bits |= Convert.ToInt64(EnumValue(type, name.GetString()), CultureInfo.InvariantCulture);
            return Enum.ToObject(type, bits);
        }
        if (type.IsEnum) return EnumValue(type, element.GetString());
        return property.GetValueConverter()!.ConvertFromProvider(element.GetString() ?? throw new FormatException("not a string"));
    }

    private static bool IsFlags(Type enumType) => enumType.IsDefined(typeof(FlagsAttribute), false);

    private static object EnumValue(Type enumType, string? name) =>
        Enum.GetValues(enumType).Cast<Enum>().FirstOrDefault(v => SnakeCaseEnumConverter.ToSnakeCase(v.ToString()) == name)
        ?? throw new FormatException($"'{name}' is not one of {string.Join(", ", Enum.GetNames(enumType).Select(SnakeCaseEnumConverter.ToSnakeCase))}");

    /// <summary>An instant without an offset would be read in the importing machine's zone: refused instead.</summary>
    private static DateTimeOffset ReadInstant(JsonElement element)
    {
        var text = element.GetString() ?? "";
        var hasOffset = text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (!hasOffset) throw new FormatException("an instant without its offset");
        return element.GetDateTimeOffset().ToUniversalTime();
    }
}

/// <summary>The archive's <c>manifest.json</c>.</summary>
public sealed record UserArchiveManifest(
    string Format,
    int Version,
    DateTimeOffset ExportedAt,
    string SourceEngine,
    string? SchemaMigration,
    ArchiveUser User,
    IReadOnlyDictionary<string, int> Tables,
    int Files,
    IReadOnlyList<Guid> MissingFiles,
    IReadOnlyDictionary<string, IReadOnlyList<string>> OmittedColumns,
    IReadOnlyDictionary<string, string> NotExportedTables);

public sealed record ArchiveUser(Guid Id, string Email);
