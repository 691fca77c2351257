using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace FinInfra.Infrastructure.SqlServer;

/// <summary>
/// SQL Server 2019+: decimal(19,4) money, <c>nvarchar</c> text in a binary collation (so text compares exactly, as on
/// PostgreSQL: provider ids that differ only in case stay distinct), <c>datetimeoffset</c> instants,
/// <c>uniqueidentifier</c> ids, JSON in <c>nvarchar(max)</c>.
/// <para>
/// SQL Server refuses a foreign key with ON DELETE CASCADE when the dependent table can already be reached from the
/// principal by another cascading path ("may cause cycles or multiple cascade paths"). Every owned table has a direct
/// <c>user_id → users</c> key, and accounts and transactions are also reached through
/// <c>users → bank_connections → accounts → transactions</c>. Here the direct <c>user_id</c> key of such a table is
/// NO ACTION: deleting a user still removes its accounts and transactions, through the ownership chain, in the same
/// statement; the short-cut key only keeps checking that the owner exists.
/// </para>
/// </summary>
public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options) : AppDbContext(options)
{
    public const string Collation = "Latin1_General_100_BIN2";

    protected override string JsonColumnType => "nvarchar(max)";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
            if ((property.GetValueConverter()?.ProviderClrType ?? property.ClrType) == typeof(string))
                property.SetCollation(Collation);

        foreach (var key in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetForeignKeys()).ToList())
            if (key.PrincipalEntityType.ClrType == typeof(User) && key.DeleteBehavior == DeleteBehavior.Cascade && ReachableByAnotherCascade(key))
                key.DeleteBehavior = DeleteBehavior.NoAction;
    }

    /// <summary>Whether <paramref name="key"/>'s table is reached from its principal by a cascading path through other keys.</summary>
    private static bool ReachableByAnotherCascade(IMutableForeignKey key)
    {
        var seen = new HashSet<IMutableEntityType>();
        var pending = new Queue<IMutableEntityType>([key.PrincipalEntityType]);
        while (pending.TryDequeue(out var table))
        {
            foreach (var next in table.GetReferencingForeignKeys().Where(k => k != key && k.DeleteBehavior == DeleteBehavior.Cascade))
            {
                if (next.DeclaringEntityType == key.DeclaringEntityType) return true;
                if (seen.Add(next.DeclaringEntityType)) pending.Enqueue(next.DeclaringEntityType);
            }
        }
        return false;
    }
}
