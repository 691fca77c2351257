using FinInfra.Api.ErrorHandling;
using FinInfra.Application.BankSync;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FinInfra.Integration.Tests.Api;

/// <summary>The exception handler's table, including the database errors that are hard to provoke through HTTP.</summary>
public sealed class ExceptionMappingTests
{
    private static readonly (Exception Exception, int Status)[] Cases =
    [
        (new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("Transactions[0].Amount", "bad")]), 400),
        (new NotFoundException("Goal", Guid.Empty), 404),
        (new ConflictException("taken", "user.email_taken"), 409),
        (new DomainRuleException("goal.target_positive", "no"), 409),
        (new UnauthorizedException(), 401),
        (new DbUpdateConcurrencyException("stale"), 409),
        (new DbUpdateException("dup", new PostgresException("dup", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)), 409),
        (new DbUpdateException("fk", new PostgresException("fk", "ERROR", "ERROR", PostgresErrorCodes.ForeignKeyViolation)), 409),
        (new DbUpdateException("dup", new SqliteException("UNIQUE constraint failed", 19)), 409),
        (new PostgresException("overflow", "ERROR", "ERROR", PostgresErrorCodes.NumericValueOutOfRange), 400),
        (new BadHttpRequestException("too big", StatusCodes.Status413PayloadTooLarge), 413),
        (new System.Text.Json.JsonException("bad"), 400),
        (new BankProviderException(ProviderFailure.Unavailable, "The bank is unavailable."), 502),
        (new BankProviderException(ProviderFailure.InvalidResponse, "The bank sent nonsense."), 502),
        (new BankProviderException(ProviderFailure.PaginationRestartRequired, "The bank kept moving."), 502),
        (new BankProviderException(ProviderFailure.LoginRequired, "Log in again at your bank."), 409),
        (new BankProviderException(ProviderFailure.InvalidRequest, "Start the link flow again."), 400),
        (new BankProviderException(ProviderFailure.NotConfigured, "Not configured here."), 400),
        (new DbUpdateException("other", new SqliteException("disk I/O error", 10)), 500),
        (new InvalidOperationException("secret details"), 500),
    ];

    // One test over the table, not a theory: the exceptions' names would otherwise read as database tests.
    [Fact]
    public void Maps_each_exception_to_its_status()
    {
        foreach (var (exception, status) in Cases)
        {
            var problem = ProblemDetailsExceptionHandler.Map(exception);
            Assert.True(status == problem.Status, $"{exception.GetType().Name}: expected {status}, got {problem.Status}");
            Assert.False(string.IsNullOrEmpty(problem.Title));
            if (status == 500) Assert.DoesNotContain("secret", problem.Detail);
        }
    }

    [Fact]
    public void Validation_errors_are_keyed_by_the_json_names()
    {
        var problem = Assert.IsType<ValidationProblemDetails>(ProblemDetailsExceptionHandler.Map(
            new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("Transactions[0].Amount", "bad")])));
        Assert.Equal(["bad"], problem.Errors["transactions[0].amount"]);
    }

    [Fact]
    public void A_provider_failure_is_answered_with_its_safe_message_only()
    {
        // The inner exception stands for what a provider's library or response carried: it must not reach the client.
        var inner = new HttpRequestException("secret-token-abc at https://bank.example/?access_token=secret-token-abc");
        var outage = ProblemDetailsExceptionHandler.Map(new BankProviderException(ProviderFailure.Unavailable, "The bank could not be reached; try again later.", inner));
        Assert.Equal(StatusCodes.Status502BadGateway, outage.Status);
        Assert.Equal("The bank could not be reached; try again later.", outage.Detail);
        Assert.DoesNotContain("secret", System.Text.Json.JsonSerializer.Serialize(outage));

        var login = ProblemDetailsExceptionHandler.Map(new BankProviderException(ProviderFailure.LoginRequired, "Sign in again.", inner));
        Assert.Equal("connection.login_required", login.Extensions["rule"]);
        Assert.DoesNotContain("secret", System.Text.Json.JsonSerializer.Serialize(login));

        var refused = Assert.IsType<ValidationProblemDetails>(ProblemDetailsExceptionHandler.Map(
            new BankProviderException(ProviderFailure.InvalidRequest, "Start the link flow again.", inner)));
        Assert.Equal(["Start the link flow again."], refused.Errors["publicToken"]);
        Assert.Equal(["Not configured here."], Assert.IsType<ValidationProblemDetails>(ProblemDetailsExceptionHandler.Map(
            new BankProviderException(ProviderFailure.NotConfigured, "Not configured here."))).Errors["provider"]);
    }
}
