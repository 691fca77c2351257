using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Validation;
using FinInfra.Application.Transactions.Common;
using FinInfra.Domain.Accounts;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Transactions.ImportTransactions;

/// <summary>Imports a batch into one account: idempotent by transaction id, and all or nothing.</summary>
public sealed record ImportTransactionsCommand(Guid AccountId, IReadOnlyList<IncomingTransaction> Transactions) : ICommand<UpsertResult>, ITransactional;

public sealed class ImportTransactionsCommandHandler(IReadRepository<Account> accounts, ITransactionUpserter upserter)
    : ICommandHandler<ImportTransactionsCommand, UpsertResult>
{
    public async ValueTask<UpsertResult> Handle(ImportTransactionsCommand command, CancellationToken cancellationToken)
    {
        var account = await accounts.GetOwnedAsync(command.AccountId, cancellationToken);
        return await upserter.UpsertAsync(account, command.Transactions, cancellationToken);
    }
}

internal sealed class ImportTransactionsCommandValidator : AbstractValidator<ImportTransactionsCommand>
{
    public const int MaxBatch = 1000;

    public ImportTransactionsCommandValidator()
    {
        RuleFor(c => c.Transactions).NotEmpty()
            .Must(t => t.Count <= MaxBatch).WithMessage($"At most {MaxBatch} transactions per request.")
            .Must(t => t.Where(x => x is not null).Select(x => x.TransactionId?.Trim()).Distinct(StringComparer.Ordinal).Count() == t.Count(x => x is not null))
            .WithMessage("Each transactionId may appear only once in a batch.");
        // JSON can carry a null inside the array even though the type says it cannot.
        RuleForEach(c => c.Transactions).NotNull().ChildRules(t =>
        {
            t.RuleFor(x => x.TransactionId).Name(100);
            t.RuleFor(x => x.Amount).Money();
            t.RuleFor(x => x.Date).NotEmpty();
            t.RuleFor(x => x.Name).Name();
            t.RuleFor(x => x.MerchantName).Text();
            t.RuleFor(x => x.Category).Text();
        });
    }
}
