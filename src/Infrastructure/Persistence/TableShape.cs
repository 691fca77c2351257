using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace FinInfra.Infrastructure.Persistence;

/// <summary>
/// What a hand-written statement needs to know of one entity's table, read from the EF model: the delimited table name,
/// and for each named property its delimited column and its type mapping (converters included), so a value written by
/// hand is stored exactly as EF would store it. Worked out once per model, entity and property list, then shared
/// (the bulk import, the balance history writer and the idempotency claim all use it).
/// </summary>
internal sealed record TableShape(string Table, IReadOnlyList<string> Columns, IReadOnlyList<RelationalTypeMapping> Mappings)
{
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<(Type, string), TableShape>> Known = [];

    /// <summary>The shape of <typeparamref name="TEntity"/>'s table for <paramref name="properties"/>, in that order.</summary>
    public static TableShape Of<TEntity>(DbContext db, params string[] properties)
    {
        var byModel = Known.GetValue(db.Model, _ => new ConcurrentDictionary<(Type, string), TableShape>());
        return byModel.GetOrAdd((typeof(TEntity), string.Join(',', properties)), _ => Build(db, typeof(TEntity), properties));
    }

    /// <summary>The type mapping of one property of <typeparamref name="TEntity"/>.</summary>
    public static RelationalTypeMapping MappingOf<TEntity>(DbContext db, string property) => Of<TEntity>(db, property).Mappings[0];

    private static TableShape Build(DbContext db, Type type, string[] names)
    {
        var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = names.Select(n => entity.FindProperty(n) ?? throw new InvalidOperationException($"{type.Name} has no property {n}.")).ToArray();
        return new TableShape(
            sql.DelimitIdentifier(table.Name, table.Schema),
            [.. properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!))],
            [.. properties.Select(p => (RelationalTypeMapping)p.GetRelationalTypeMapping())]);
    }
}
