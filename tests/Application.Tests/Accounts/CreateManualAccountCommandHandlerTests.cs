using Ardalis.Specification;
using FinInfra.Application.Accounts.CreateManualAccount;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using NSubstitute;

namespace FinInfra.Application.Tests.Accounts;

public sealed class CreateManualAccountCommandHandlerTests
{
    private static readonly Guid UserId = Guid.CreateVersion7();
    private readonly IReadRepository<BankConnection> _connections = Substitute.For<IReadRepository<BankConnection>>();
    private readonly IRepository<Account> _accounts = Substitute.For<IRepository<Account>>();
    private readonly ICurrentUser _currentUser = Substitute.For<ICurrentUser>();
    private readonly IRepository<AccountValuation> _valuations = Substitute.For<IRepository<AccountValuation>>();
    private readonly FinInfra.Application.Accounts.IBalanceHistory _history = Substitute.For<FinInfra.Application.Accounts.IBalanceHistory>();

    public CreateManualAccountCommandHandlerTests() => _currentUser.RequiredUserId.Returns(UserId);

    private CreateManualAccountCommandHandler Handler() => new(_connections, _accounts, _valuations, _history, _currentUser, TimeProvider.System, TestMapping.Mapper);

    private void Connection(BankConnection connection) =>
        _connections.FirstOrDefaultAsync(Arg.Any<ISpecification<BankConnection>>(), Arg.Any<CancellationToken>()).Returns(connection);

    [Fact]
    public async Task Handle_OnAManualConnection_OpensAnAccountOwnedByTheCaller()
    {
        var connection = BankConnection.CreateManual(UserId, "Cash");
        Connection(connection);

        var dto = await Handler().Handle(new CreateManualAccountCommand(connection.Id, null, "Card", AccountType.Credit, "credit card", 20m, "eur"), CancellationToken.None);

        Assert.Equal(AccountClassification.Liability, dto.Classification);
        Assert.Equal("EUR", dto.Currency);
        _accounts.Received(1).Add(Arg.Is<Account>(a => a.UserId == UserId && a.ConnectionId == connection.Id && a.IsManual));
        // Its opening balance is its first valuation, and its history is marked for the commit to compute.
        _valuations.Received(1).Add(Arg.Is<AccountValuation>(v => v.AccountId == dto.Id && v.Value == 20m));
        _history.Received(1).AccountChanged(dto.Id, Arg.Any<DateOnly>());
    }

    [Fact]
    public async Task Handle_OnALinkedConnection_BreaksTheRuleAndAddsNothing()
    {
        var protector = Substitute.For<ISecretProtector>();
        protector.Protect(Arg.Any<string>(), Arg.Any<string>()).Returns(new EncryptedSecret("v1:k:x"));
        Connection(BankConnection.Connect(UserId, BankProvider.Sandbox, "item-1", "Sandbox Bank", "token", protector));

        var error = await Assert.ThrowsAsync<DomainRuleException>(() =>
            Handler().Handle(new CreateManualAccountCommand(Guid.CreateVersion7(), null, "Card", AccountType.Credit, null, 20m, null), CancellationToken.None).AsTask());

        Assert.Equal("account.manual_connection_only", error.Rule);
        _accounts.DidNotReceive().Add(Arg.Any<Account>());
    }
}
