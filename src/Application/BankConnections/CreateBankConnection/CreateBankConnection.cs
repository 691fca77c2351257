using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.BankConnections;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.BankConnections.CreateBankConnection;

/// <summary>Links an institution. Only <c>manual</c> connections exist until the bank providers are configured.</summary>
public sealed record CreateBankConnectionCommand(BankProvider Provider, string? PublicToken, string? InstitutionName) : ICommand<BankConnectionDto>
{
    public override string ToString() => $"CreateBankConnectionCommand({Provider}, ***, {InstitutionName})";
}

public sealed class CreateBankConnectionCommandHandler(IRepository<BankConnection> connections, ICurrentUser currentUser, IMapper mapper)
    : ICommandHandler<CreateBankConnectionCommand, BankConnectionDto>
{
    public async ValueTask<BankConnectionDto> Handle(CreateBankConnectionCommand command, CancellationToken cancellationToken)
    {
        var connection = await connections.AddAsync(BankConnection.CreateManual(currentUser.RequiredUserId, command.InstitutionName), cancellationToken);
        return mapper.Map<BankConnectionDto>(connection);
    }
}

internal sealed class CreateBankConnectionCommandValidator : AbstractValidator<CreateBankConnectionCommand>
{
    public CreateBankConnectionCommandValidator()
    {
        RuleFor(c => c.Provider).IsInEnum()
            .Equal(BankProvider.Manual).WithMessage("Only 'manual' connections can be created: no bank provider is configured on this server.");
        RuleFor(c => c.InstitutionName).MaximumLength(255);
        RuleFor(c => c.PublicToken).MaximumLength(2000);
    }
}
