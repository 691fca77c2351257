namespace FinInfra.Application.Common.Abstractions;

/// <summary>Hashes passwords with a slow, salted algorithm.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    bool Verify(string password, string hashedPassword);
}
