using FinInfra.Api.Idempotency;
using FinInfra.Application.Accounts;
using FinInfra.Application.Accounts.CreateManualAccount;
using FinInfra.Application.BankConnections;
using FinInfra.Application.BankConnections.CreateBankConnection;
using FinInfra.Application.BankConnections.DisconnectBankConnection;
using FinInfra.Application.BankConnections.GetBankConnection;
using FinInfra.Application.BankConnections.ListBankConnections;
using FinInfra.Application.Common.Paging;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

public sealed record CreateBankConnectionRequest(BankProvider Provider, string? PublicToken = null, string? InstitutionName = null)
{
    public override string ToString() => $"CreateBankConnectionRequest({Provider}, ***, {InstitutionName})";
}

public sealed record CreateManualAccountRequest(string Name, AccountType Type, decimal Balance, string? Subtype = null, string? AccountId = null, string? Currency = null);

[Route("api/v1/bank-connections")]
[Tags("Bank connections")]
public sealed class BankConnectionsController : ApiControllerBase
{
    /// <summary>Creates a connection: <c>manual</c>, or a provider's public token (<c>sandbox</c> always; <c>plaid</c> and <c>teller</c> when configured).</summary>
    [Idempotent]
    [HttpPost]
    [ProducesResponseType<BankConnectionDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<BankConnectionDto>> Create(CreateBankConnectionRequest request, CancellationToken cancellationToken)
    {
        var connection = await Sender.Send(new CreateBankConnectionCommand(request.Provider, request.PublicToken, request.InstitutionName), cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = connection.Id }, connection);
    }

    /// <summary>The caller's bank connections, a page at a time.</summary>
    [HttpGet]
    public async Task<Page<BankConnectionDto>> List(int limit = PageLimits.Default, string? cursor = null, CancellationToken cancellationToken = default) =>
        await Sender.Send(new ListBankConnectionsQuery(limit, cursor), cancellationToken);

    /// <summary>One bank connection (never its token).</summary>
    [HttpGet("{id:guid}")]
    public async Task<BankConnectionDto> Get(Guid id, CancellationToken cancellationToken) =>
        await Sender.Send(new GetBankConnectionQuery(id), cancellationToken);

    /// <summary>
    /// Disconnects: the item is revoked, the token dropped and syncing stops. The accounts become the user's own
    /// (history kept, balance editable), or are deleted with <c>deleteAccounts=true</c>.
    /// </summary>
    [HttpDelete("{id:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Disconnect(Guid id, [FromQuery] bool deleteAccounts = false, CancellationToken cancellationToken = default)
    {
        await Sender.Send(new DisconnectBankConnectionCommand(id, deleteAccounts), cancellationToken);
        return NoContent();
    }

    /// <summary>Adds an account kept by hand (manual connections only).</summary>
    [HttpPost("{id:guid}/accounts")]
    [ProducesResponseType<AccountDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<AccountDto>> CreateAccount(Guid id, CreateManualAccountRequest request, CancellationToken cancellationToken)
    {
        var account = await Sender.Send(new CreateManualAccountCommand(id, request.AccountId, request.Name, request.Type, request.Subtype, request.Balance, request.Currency), cancellationToken);
        return CreatedAtAction(nameof(AccountsController.Get), "Accounts", new { id = account.Id }, account);
    }
}
