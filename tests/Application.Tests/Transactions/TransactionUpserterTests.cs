using Ardalis.Specification;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Transactions.Common;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using NSubstitute;

namespace FinInfra.Application.Tests.Transactions;

public sealed class TransactionUpserterTests
{
    private static readonly Guid UserId = Guid.CreateVersion7();
    private readonly IRepository<Transaction> _transactions = Substitute.For<IRepository<Transaction>>();
    private readonly Account _account = Account.OpenManual(UserId, Guid.CreateVersion7(), null, "Wallet", AccountType.Depository, null, 0m, CurrencyCode.Usd);

    private void Stored(params Transaction[] rows) =>
        _transactions.ListAsync(Arg.Any<ISpecification<Transaction>>(), Arg.Any<CancellationToken>()).Returns(rows.ToList());

    [Fact]
    public async Task UpsertAsync_InsertsNewIds_UpdatesChangedOnes_AndLeavesUnchangedOnesAlone()
    {
        var pending = Transaction.Record(UserId, _account.Id, "t1", -5m, new DateOnly(2026, 3, 1), "Coffee", null, "Food", pending: true);
        var same = Transaction.Record(UserId, _account.Id, "t2", 100m, new DateOnly(2026, 3, 2), "Refund", null, null, pending: false);
        Stored(pending, same);

        var result = await new TransactionUpserter(_transactions, NSubstitute.Substitute.For<FinInfra.Application.Accounts.IBalanceHistory>()).UpsertAsync(_account,
        [
            new IncomingTransaction("t1", -5.25m, new DateOnly(2026, 3, 1), "Coffee", Category: "Food", Pending: false),
            new IncomingTransaction("t2", 100m, new DateOnly(2026, 3, 2), "Refund"),
            new IncomingTransaction("t3", -60m, new DateOnly(2026, 3, 3), "Fuel"),
        ], TransactionSource.Import, CancellationToken.None);

        Assert.Equal((1, 1), (result.Inserted, result.Updated));
        Assert.False(pending.Pending);
        Assert.Equal(-5.25m, pending.Amount);
        _transactions.Received(1).AddRange(
            Arg.Is<IEnumerable<Transaction>>(rows => rows.Single().TransactionId == "t3" && rows.Single().UserId == UserId && rows.Single().AccountId == _account.Id));
    }

    [Fact]
    public async Task UpsertAsync_WhenNothingIsNew_StagesNothing()
    {
        Stored(Transaction.Record(UserId, _account.Id, "t1", -5m, new DateOnly(2026, 3, 1), "Coffee", null, null, false));

        var result = await new TransactionUpserter(_transactions, NSubstitute.Substitute.For<FinInfra.Application.Accounts.IBalanceHistory>()).UpsertAsync(_account,
            [new IncomingTransaction("t1", -5m, new DateOnly(2026, 3, 1), "Coffee")], TransactionSource.Import, CancellationToken.None);

        Assert.Equal((0, 0), (result.Inserted, result.Updated));
        _transactions.DidNotReceive().AddRange(Arg.Any<IEnumerable<Transaction>>());
    }

    [Fact]
    public async Task UpsertAsync_WhenAnIdRepeatsInOneBatch_KeepsOneRowWithTheLastVersion()
    {
        Stored();

        var result = await new TransactionUpserter(_transactions, NSubstitute.Substitute.For<FinInfra.Application.Accounts.IBalanceHistory>()).UpsertAsync(_account,
        [
            new IncomingTransaction("t1", -5m, new DateOnly(2026, 3, 1), "Coffee", Pending: true),
            new IncomingTransaction("t1", -6m, new DateOnly(2026, 3, 1), "Coffee"),
        ], TransactionSource.Import, CancellationToken.None);

        Assert.Equal((1, 0), (result.Inserted, result.Updated));
        _transactions.Received(1).AddRange(Arg.Is<IEnumerable<Transaction>>(rows => rows.Single().Amount == -6m));
    }
}
