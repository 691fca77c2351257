using FluentValidation;

namespace FinInfra.Application.Auth;

/// <summary>The rules for the credentials register and login take: an e-mail address and a password.</summary>
internal static class CredentialRules
{
    public const int PasswordMinimumLength = 8;

    /// <summary>Long enough for any passphrase, short enough that hashing it cannot be used to burn CPU.</summary>
    public const int PasswordMaximumLength = 128;

    public static IRuleBuilderOptions<T, string> ValidEmail<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(Domain.Common.Email.IsValid).WithMessage("Email is not a valid address.");
}
