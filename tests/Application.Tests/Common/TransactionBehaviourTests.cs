using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Behaviours;
using Mediator;
using NSubstitute;

namespace FinInfra.Application.Tests.Common;

public sealed class TransactionBehaviourTests
{
    private sealed record TransactionalCommand : ICommand<int>, ITransactional;

    private sealed record PlainCommand : ICommand<int>;

    private sealed record SomeQuery : IQuery<int>;

    private readonly IUnitOfWork _unitOfWork = Substitute.For<IUnitOfWork>();

    public TransactionBehaviourTests()
    {
        _unitOfWork.ExecuteInTransactionAsync(Arg.Any<Func<CancellationToken, Task<int>>>(), Arg.Any<CancellationToken>())
            .Returns(call => call.Arg<Func<CancellationToken, Task<int>>>()(CancellationToken.None));
        _unitOfWork.ExecuteAsync(Arg.Any<Func<CancellationToken, Task<int>>>(), Arg.Any<CancellationToken>())
            .Returns(call => call.Arg<Func<CancellationToken, Task<int>>>()(CancellationToken.None));
    }

    private static ValueTask<int> Handler<T>(T message, CancellationToken cancellationToken) => ValueTask.FromResult(42);

    [Fact]
    public async Task A_transactional_request_runs_inside_one_transaction()
    {
        var answer = await new TransactionBehaviour<TransactionalCommand, int>(_unitOfWork).Handle(new TransactionalCommand(), Handler, CancellationToken.None);

        Assert.Equal(42, answer);
        await _unitOfWork.Received(1).ExecuteInTransactionAsync(Arg.Any<Func<CancellationToken, Task<int>>>(), Arg.Any<CancellationToken>());
        await _unitOfWork.DidNotReceive().ExecuteAsync(Arg.Any<Func<CancellationToken, Task<int>>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Any_other_command_is_committed_once_without_a_transaction()
    {
        var answer = await new TransactionBehaviour<PlainCommand, int>(_unitOfWork).Handle(new PlainCommand(), Handler, CancellationToken.None);

        Assert.Equal(42, answer);
        await _unitOfWork.Received(1).ExecuteAsync(Arg.Any<Func<CancellationToken, Task<int>>>(), Arg.Any<CancellationToken>());
        await _unitOfWork.DidNotReceive().ExecuteInTransactionAsync(Arg.Any<Func<CancellationToken, Task<int>>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_query_stores_nothing()
    {
        var answer = await new TransactionBehaviour<SomeQuery, int>(_unitOfWork).Handle(new SomeQuery(), Handler, CancellationToken.None);

        Assert.Equal(42, answer);
        Assert.Empty(_unitOfWork.ReceivedCalls());
    }
}
