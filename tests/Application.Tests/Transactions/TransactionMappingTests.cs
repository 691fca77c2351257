using FinInfra.Application.Transactions;
using FinInfra.Domain.Transactions;

namespace FinInfra.Application.Tests.Transactions;

public sealed class TransactionMappingTests
{
    private static Transaction Row() =>
        Transaction.Record(Guid.CreateVersion7(), Guid.CreateVersion7(), "t-1", -12.5m, new DateOnly(2026, 3, 1), "Coffee", "Cafe", "Food", pending: false);

    [Fact]
    public void An_unedited_row_lists_no_edited_fields_and_the_source_values()
    {
        var dto = TestMapping.Mapper.Map<TransactionDto>(Row());

        Assert.Empty(dto.EditedFields);
        Assert.Equal(new TransactionSourceValuesDto("Coffee", "Cafe", "Food", TransactionKind.Standard), dto.SourceValues);
        Assert.Equal("USD", dto.Currency);
        Assert.Equal(-12.5m, dto.Amount);
    }

    [Fact]
    public void Edited_fields_are_listed_in_the_contracts_order_whatever_order_they_were_edited_in()
    {
        var row = Row();
        row.Edit(name: null, merchantName: null, category: null, kind: TransactionKind.Excluded);
        row.Edit(name: "Morning coffee", merchantName: null, category: "Treats");

        var dto = TestMapping.Mapper.Map<TransactionDto>(row);

        Assert.Equal([EditableField.Name, EditableField.Category, EditableField.Kind], dto.EditedFields);
        Assert.Equal("Morning coffee", dto.Name);
        Assert.Equal("Coffee", dto.SourceValues.Name);
        // Each answer gets its own list: mapping one row never changes another's.
        var other = TestMapping.Mapper.Map<TransactionDto>(Row());
        Assert.Empty(other.EditedFields);
        Assert.Equal(3, dto.EditedFields.Count);
    }
}
