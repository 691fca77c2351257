using Ardalis.Specification;
using FinInfra.Application.Auth.Register;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Users;
using NSubstitute;

namespace FinInfra.Application.Tests.Auth;

public sealed class RegisterCommandHandlerTests
{
    private readonly IRepository<User> _users = Substitute.For<IRepository<User>>();
    private readonly IDataScope _scope = Substitute.For<IDataScope>();
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();

    private RegisterCommandHandler Handler() => new(_users, _scope, _hasher, TestMapping.Mapper);

    [Fact]
    public async Task Handle_WhenEmailIsFree_StoresOnlyTheHashAndReturnsTheNormalisedEmail()
    {
        _hasher.Hash("long enough password").Returns("pbkdf2-sha256$600000$salt$hash");

        var user = await Handler().Handle(new RegisterCommand(" Ada@Example.COM ", "long enough password"), CancellationToken.None);

        Assert.Equal("ada@example.com", user.Email);
        _users.Received(1).Add(Arg.Is<User>(u => u.HashedPassword == "pbkdf2-sha256$600000$salt$hash"));
    }

    [Fact]
    public async Task Handle_WhenEmailIsTaken_ThrowsConflictAndAddsNothing()
    {
        _users.AnyAsync(Arg.Any<ISpecification<User>>(), Arg.Any<CancellationToken>()).Returns(true);

        await Assert.ThrowsAsync<ConflictException>(() => Handler().Handle(new RegisterCommand("ada@example.com", "long enough password"), CancellationToken.None).AsTask());

        _users.DidNotReceive().Add(Arg.Any<User>());
        _hasher.DidNotReceive().Hash(Arg.Any<string>());
    }
}
