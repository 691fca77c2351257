using FinInfra.Application.BankSync;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Quotas;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.BankConnections.CreateBankConnection;

/// <summary>
/// Links an institution: <c>manual</c> needs nothing else; a provider (sandbox, plaid, teller) needs the public token
/// its link flow gave the client, which is exchanged here, server-side, for an access token that is sealed at once.
/// Not <see cref="ITransactional"/>: the exchange is a call to the provider, and no database transaction (on SQLite,
/// the write lock) may stay open while it waits; the single insert the pipeline commits after it is atomic on its own.
/// </summary>
public sealed record CreateBankConnectionCommand(BankProvider Provider, string? PublicToken, string? InstitutionName) : ICommand<BankConnectionDto>
{
    public override string ToString() => $"CreateBankConnectionCommand({Provider}, ***, {InstitutionName})";
}

public sealed class CreateBankConnectionCommandHandler(
    IRepository<BankConnection> connections,
    ICurrentUser currentUser,
    IMapper mapper,
    IBankProviderRegistry providers,
    ISecretProtector protector,
    IUserUsage usage,
    UserQuotas quotas)
    : ICommandHandler<CreateBankConnectionCommand, BankConnectionDto>
{
    public async ValueTask<BankConnectionDto> Handle(CreateBankConnectionCommand command, CancellationToken cancellationToken)
    {
        // Before the provider is called: a refused connection costs no exchange and stores no token.
        if (await usage.ConnectionsInUseAsync(cancellationToken) >= quotas.MaxConnections)
            throw new QuotaExceededException("quota.connections",
                $"An account can hold at most {quotas.MaxConnections} bank connections; disconnect or delete one first.");
        var connection = command.Provider == BankProvider.Manual
            ? BankConnection.CreateManual(currentUser.RequiredUserId, command.InstitutionName)
            : await LinkAsync(command, cancellationToken);
        connections.Add(connection);
        return mapper.Map<BankConnectionDto>(connection);
    }

    private async Task<BankConnection> LinkAsync(CreateBankConnectionCommand command, CancellationToken cancellationToken)
    {
        var link = await providers.Resolve(command.Provider).ExchangePublicTokenAsync(command.PublicToken!, cancellationToken);
        var institution = string.IsNullOrWhiteSpace(command.InstitutionName) ? link.InstitutionName : command.InstitutionName;
        return BankConnection.Connect(currentUser.RequiredUserId, command.Provider, link.ItemId, institution, link.AccessToken, protector);
    }
}

internal sealed class CreateBankConnectionCommandValidator : AbstractValidator<CreateBankConnectionCommand>
{
    public CreateBankConnectionCommandValidator(IBankProviderRegistry providers)
    {
        RuleFor(c => c.Provider).IsInEnum()
            .Must(p => p == BankProvider.Manual || providers.IsAvailable(p))
            .WithMessage(c => $"The provider '{c.Provider.ToString().ToLowerInvariant()}' is not configured on this server.");
        RuleFor(c => c.InstitutionName).Text();
        RuleFor(c => c.PublicToken).MaximumLength(2000);
        RuleFor(c => c.PublicToken).NotEmpty().When(c => c.Provider != BankProvider.Manual)
            .WithMessage("A publicToken from the provider's link flow is required.");
    }
}
