using FinInfra.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FinInfra.Infrastructure.MySql;

/// <summary>
/// MySQL 8 / MariaDB 10.6+: decimal(19,4) money, the engine's JSON type, instants as UTC <c>datetime(6)</c> (MySQL has no
/// offset-aware type), calendar dates as <c>date</c>, and every table in utf8mb4 with the binary collation — so an emoji survives, and text compares
/// exactly as on PostgreSQL and SQLite (provider ids that differ only in case stay distinct).
/// </summary>
public sealed class MySqlAppDbContext(DbContextOptions<MySqlAppDbContext> options) : AppDbContext(options)
{
    public const string CharSet = "utf8mb4";
    public const string Collation = "utf8mb4_bin";

    protected override string JsonColumnType => "json";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // The provider already gives the model (so every table) the utf8mb4 character set; the collation is set here, with
        // the annotation ForMySQLHasCollation writes (whose fluent form throws on a model with value-converted keys).
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
            entity.SetAnnotation("MySQL:Collation", Collation);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>().HavePrecision(6);
        // Connector/NET reads a DATE column as DateTime and cannot hand EF a DateOnly: the value crosses as a midnight DateTime.
        configurationBuilder.Properties<DateOnly>().HaveConversion<DateOnlyAsDateTimeConverter>().HaveColumnType("date");
    }

    private sealed class DateOnlyAsDateTimeConverter() : ValueConverter<DateOnly, DateTime>(
        v => v.ToDateTime(TimeOnly.MinValue),
        v => DateOnly.FromDateTime(v));
}
