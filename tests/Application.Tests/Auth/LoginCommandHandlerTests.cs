using Ardalis.Specification;
using FinInfra.Application.Auth;
using FinInfra.Application.Auth.Login;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Common;
using FinInfra.Domain.Users;
using NSubstitute;

namespace FinInfra.Application.Tests.Auth;

public sealed class LoginCommandHandlerTests
{
    private readonly IReadRepository<User> _users = Substitute.For<IReadRepository<User>>();
    private readonly IDataScope _scope = Substitute.For<IDataScope>();
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();
    private readonly IAccessTokenIssuer _tokens = Substitute.For<IAccessTokenIssuer>();
    private readonly IRefreshTokens _refreshTokens = Substitute.For<IRefreshTokens>();
    private readonly ILoginThrottle _throttle = Substitute.For<ILoginThrottle>();
    private readonly IRequestOrigin _origin = Substitute.For<IRequestOrigin>();
    private readonly User _ada = User.Register(Email.Create("ada@example.com"), "pbkdf2-sha256$1$salt$hash");

    public LoginCommandHandlerTests()
    {
        _hasher.Hash(Arg.Any<string>()).Returns("pbkdf2-sha256$1$dummy$dummy");
        _tokens.Issue(Arg.Any<Guid>(), Arg.Any<string>()).Returns(new IssuedAccessToken("signed.jwt.token", TimeSpan.FromHours(1)));
        _origin.ClientNetwork.Returns("192.0.2.1");
    }

    private LoginCommandHandler Handler() =>
        new(_users, _scope, _hasher, new SessionTokens(_tokens, _refreshTokens, new SessionLifetimes(TimeSpan.FromDays(30)), TimeProvider.System), _throttle, _origin);

    private void Known(User? user) =>
        _users.SingleOrDefaultAsync(Arg.Any<ISingleResultSpecification<User>>(), Arg.Any<CancellationToken>()).Returns(user);

    [Fact]
    public async Task Handle_WhenPasswordMatches_IssuesABearerTokenForTheUser()
    {
        Known(_ada);
        _hasher.Verify("secret-password", _ada.HashedPassword).Returns(true);

        var token = await Handler().Handle(new LoginCommand("ADA@example.com", "secret-password"), CancellationToken.None);

        Assert.Equal("signed.jwt.token", token.AccessToken);
        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal(3600, token.ExpiresIn);
        _tokens.Received(1).Issue(_ada.Id, _ada.SecurityStamp);
        // The refresh token answered is never the one stored: only its hash is.
        await _refreshTokens.Received(1).AddAsync(Arg.Is<RefreshToken>(r => r.UserId == _ada.Id && r.TokenHash == SessionTokens.Hash(token.RefreshToken)), Arg.Any<CancellationToken>());
        _scope.Received(1).BeginSystemScope();
    }

    [Fact]
    public async Task Handle_WhenPasswordIsWrong_ThrowsUnauthorized()
    {
        Known(_ada);
        _hasher.Verify(Arg.Any<string>(), Arg.Any<string>()).Returns(false);

        var error = await Assert.ThrowsAsync<UnauthorizedException>(() => Handler().Handle(new LoginCommand("ada@example.com", "wrong"), CancellationToken.None).AsTask());

        Assert.Equal(LoginCommandHandler.Failure, error.Message);
        _tokens.DidNotReceive().Issue(Arg.Any<Guid>(), Arg.Any<string>());
    }

    [Fact]
    public async Task Handle_WhenEmailIsUnknown_StillVerifiesAHashAndGivesTheSameAnswer()
    {
        Known(null);

        var error = await Assert.ThrowsAsync<UnauthorizedException>(() => Handler().Handle(new LoginCommand("nobody@example.com", "whatever"), CancellationToken.None).AsTask());

        Assert.Equal(LoginCommandHandler.Failure, error.Message);
        _hasher.Received(1).Verify("whatever", Arg.Any<string>());
        _tokens.DidNotReceive().Issue(Arg.Any<Guid>(), Arg.Any<string>());
    }

    [Fact]
    public async Task Handle_WhenTheAccountIsBackingOff_RefusesBeforeHashingAnything()
    {
        Known(_ada);
        _throttle.RetryAfter("ada@example.com", "192.0.2.1").Returns(TimeSpan.FromSeconds(8));

        var error = await Assert.ThrowsAsync<TooManyAttemptsException>(() => Handler().Handle(new LoginCommand(" ADA@example.com", "secret-password"), CancellationToken.None).AsTask());

        Assert.Equal(TimeSpan.FromSeconds(8), error.RetryAfter);
        _hasher.DidNotReceive().Verify(Arg.Any<string>(), Arg.Any<string>());
    }

    [Fact]
    public async Task Handle_CountsFailuresAndClearsThemOnSuccess_ForKnownAndUnknownAccountsAlike()
    {
        Known(null);
        await Assert.ThrowsAsync<UnauthorizedException>(() => Handler().Handle(new LoginCommand("nobody@example.com", "x"), CancellationToken.None).AsTask());
        _throttle.Received(1).RecordFailure("nobody@example.com", "192.0.2.1");

        Known(_ada);
        _hasher.Verify("secret-password", _ada.HashedPassword).Returns(true);
        await Handler().Handle(new LoginCommand("ada@example.com", "secret-password"), CancellationToken.None);
        _throttle.Received(1).RecordSuccess("ada@example.com", "192.0.2.1");
    }
}
