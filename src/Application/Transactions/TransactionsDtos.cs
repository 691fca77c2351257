using System.Linq.Expressions;
using FinInfra.Domain.Transactions;
using Mapster;

namespace FinInfra.Application.Transactions;

/// <summary>What the source (the bank, or the import) last said about the fields a user can edit.</summary>
public sealed record TransactionSourceValuesDto(string Name, string? MerchantName, string? Category, TransactionKind Kind);

/// <summary>
/// A transaction. <c>name</c>, <c>merchantName</c>, <c>category</c> and <c>kind</c> are what the answers use: the
/// user's value for the fields listed in <c>editedFields</c>, else the source's; <c>sourceValues</c> always holds the
/// source's latest. <c>counterpartId</c> is the other half of a transfer or payment pair.
/// </summary>
public sealed record TransactionDto(
    Guid Id,
    Guid AccountId,
    string TransactionId,
    decimal Amount,
    string Currency,
    DateOnly Date,
    string Name,
    string? MerchantName,
    string? Category,
    TransactionKind Kind,
    string? Note,
    bool Pending,
    TransactionSource Source,
    IReadOnlyList<EditableField> EditedFields,
    TransactionSourceValuesDto SourceValues,
    Guid? CounterpartId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed class TransactionMappings : IRegister
{
    private static readonly EditableField[] Fields = [EditableField.Name, EditableField.MerchantName, EditableField.Category, EditableField.Kind];

    /// <summary>The flags as a list, in <see cref="Fields"/> order; one shared empty list for the usual unedited row.</summary>
    public static IReadOnlyList<EditableField> ListOf(EditableField edited)
    {
        if (edited == EditableField.None) return [];
        var list = new List<EditableField>(Fields.Length);
        foreach (var field in Fields)
            if ((edited & field) != 0) list.Add(field);
        return list;
    }

    /// <summary>
    /// The one definition of a transaction's answer. Mapster maps a loaded aggregate with it (<see cref="Register"/>),
    /// and the list selects it in the query, so a page is read straight into DTOs: no aggregate is built per row only to
    /// be copied. A method call, not an inline lambda, for the edited fields: a lambda nested in a compiled mapping is a
    /// new delegate on every call (DynamicMethod.CreateDelegate), which was 14% of the transaction list's CPU.
    /// </summary>
    public static readonly Expression<Func<Transaction, TransactionDto>> ToDto = t => new TransactionDto(
        t.Id, t.AccountId, t.TransactionId, t.Amount, t.Currency.Value, t.Date, t.Name, t.MerchantName, t.Category, t.Kind, t.Note,
        t.Pending, t.Source, ListOf(t.EditedFields), new TransactionSourceValuesDto(t.SourceName, t.SourceMerchantName, t.SourceCategory, t.SourceKind),
        t.CounterpartId, t.CreatedAt, t.UpdatedAt);

    public void Register(TypeAdapterConfig config) => config.NewConfig<Transaction, TransactionDto>().MapWith(ToDto);
}
