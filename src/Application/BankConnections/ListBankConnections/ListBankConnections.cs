using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Paging;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.BankConnections;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.BankConnections.ListBankConnections;

public sealed record ListBankConnectionsQuery(int Limit = PageLimits.Default, string? Cursor = null) : IQuery<Page<BankConnectionDto>>, IPageRequest;

public sealed class ListBankConnectionsQueryHandler(IReadRepository<BankConnection> connections, IMapper mapper)
    : ListPageHandler<ListBankConnectionsQuery, BankConnection, BankConnectionDto>(connections, mapper);

internal sealed class ListBankConnectionsQueryValidator : PageRequestValidator<ListBankConnectionsQuery>;
