using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FinInfra.Infrastructure.Persistence;

/// <summary>SQLite: decimals and JSON as text; instants as UTC date-times, which SQLite can compare and order.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, DataScope scope) : AppDbContext(options, scope)
{
    protected override bool IsPostgres => false;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }

    private sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
        v => v.UtcDateTime,
        v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
}

/// <summary>PostgreSQL: numeric(19,4) money, jsonb JSON, timestamptz instants, uuid ids.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options, DataScope scope) : AppDbContext(options, scope)
{
    protected override bool IsPostgres => true;
}
