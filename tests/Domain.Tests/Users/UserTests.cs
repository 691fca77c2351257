using FinInfra.Domain.Common;
using FinInfra.Domain.Tests.Common;
using FinInfra.Domain.Users;

namespace FinInfra.Domain.Tests.Users;

public sealed class UserTests
{
    private const string Hash = "pbkdf2-sha256$600000$c2FsdA==$aGFzaA==";

    [Fact]
    public void Register_keeps_the_normalised_email_and_the_hash()
    {
        var user = User.Register(Email.Create("Ada@Example.com"), Hash);
        Assert.Equal("ada@example.com", user.Email.Value);
        Assert.Equal(Hash, user.HashedPassword);
        Assert.NotEqual(Guid.Empty, user.Id);
        Assert.Equal(7, user.Id.Version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("plain-password")]
    public void A_password_that_is_not_a_hash_is_refused(string notAHash) =>
        Rule.Broken("user.password_hash", () => User.Register(Email.Create("a@example.com"), notAHash));

    [Fact]
    public void Changing_the_hash_keeps_the_rule()
    {
        var user = User.Register(Email.Create("a@example.com"), Hash);
        user.ChangePasswordHash("pbkdf2-sha256$600000$bmV3$bmV3");
        Assert.Equal("pbkdf2-sha256$600000$bmV3$bmV3", user.HashedPassword);
        Rule.Broken("user.password_hash", () => user.ChangePasswordHash("hunter2"));
    }

    [Fact]
    public void ToString_shows_neither_email_nor_hash()
    {
        var user = User.Register(Email.Create("a@example.com"), Hash);
        Assert.DoesNotContain("a@example.com", user.ToString());
        Assert.DoesNotContain(Hash, user.ToString());
    }
}
