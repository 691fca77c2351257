using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

/// <summary>
/// Conventions for every controller: routes under <c>/api/v1</c>, JSON in and out, a bearer token required
/// unless an action says <c>[AllowAnonymous]</c>. Actions only translate HTTP to a command or query and back;
/// failures are exceptions, answered by the exception handler and documented by <c>ProblemResponsesTransformer</c>.
/// </summary>
[ApiController]
[Authorize]
[Route("api/v1/[controller]")]
[Consumes("application/json")]
public abstract class ApiControllerBase : ControllerBase
{
    private ISender? _sender;

    protected ISender Sender => _sender ??= HttpContext.RequestServices.GetRequiredService<ISender>();
}
