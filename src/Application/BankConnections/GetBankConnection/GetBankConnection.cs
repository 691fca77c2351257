using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.BankConnections;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.BankConnections.GetBankConnection;

public sealed record GetBankConnectionQuery(Guid Id) : IQuery<BankConnectionDto>, IByIdRequest;

public sealed class GetBankConnectionQueryHandler(IReadRepository<BankConnection> connections, IMapper mapper)
    : GetByIdHandler<GetBankConnectionQuery, BankConnection, BankConnectionDto>(connections, mapper);
