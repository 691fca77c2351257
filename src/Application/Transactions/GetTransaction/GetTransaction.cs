using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Transactions;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Transactions.GetTransaction;

public sealed record GetTransactionQuery(Guid Id) : IQuery<TransactionDto>, IByIdRequest;

public sealed class GetTransactionQueryHandler(IReadRepository<Transaction> transactions, IMapper mapper)
    : GetByIdHandler<GetTransactionQuery, Transaction, TransactionDto>(transactions, mapper);
