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
        _users.AddAsync(Arg.Any<User>(), Arg.Any<CancellationToken>()).Returns(call => call.Arg<User>());

        var user = await Handler().Handle(new RegisterCommand(" Ada@Example.COM ", "long enough password"), CancellationToken.None);

        Assert.Equal("ada@example.com", user.Email);
        await _users.Received(1).AddAsync(Arg.Is<User>(u => u.HashedPassword == "pbkdf2-sha256$600000$salt$hash"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenEmailIsTaken_ThrowsConflictAndAddsNothing()
    {
        _users.AnyAsync(Arg.Any<ISpecification<User>>(), Arg.Any<CancellationToken>()).Returns(true);

        await Assert.ThrowsAsync<ConflictException>(() => Handler().Handle(new RegisterCommand("ada@example.com", "long enough password"), CancellationToken.None).AsTask());

        await _users.DidNotReceive().AddAsync(Arg.Any<User>(), Arg.Any<CancellationToken>());
        _hasher.DidNotReceive().Hash(Arg.Any<string>());
    }
}
