using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FinInfra.Infrastructure.Persistence;

/// <summary>SQLite: decimals and JSON as text; instants as UTC date-times, which SQLite can compare and order.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override string JsonColumnType => "TEXT";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }
}

/// <summary>PostgreSQL: numeric(19,4) money, jsonb JSON, timestamptz instants, uuid ids.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    protected override string JsonColumnType => "jsonb";

    protected internal override bool SeeksRowValueKeysets => true;
}

/// <summary>
/// Instants stored as UTC date-times, for engines without an offset-aware type that orders correctly (SQLite, MySQL).
/// Every instant FinInfra writes is UTC, so nothing is lost.
/// </summary>
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
    v => v.UtcDateTime,
    v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
