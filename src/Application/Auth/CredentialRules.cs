using FluentValidation;

namespace FinInfra.Application.Auth;

/// <summary>
/// The rules for the credentials register and login take: an e-mail address (the rule is the value object's,
/// <see cref="Domain.Common.Email"/>) and a password. The password's length is stated only here: the domain never
/// sees a password, only its hash.
/// </summary>
internal static class CredentialRules
{
    public const int PasswordMinimumLength = 8;

    /// <summary>Long enough for any passphrase, short enough that hashing it cannot be used to burn CPU.</summary>
    public const int PasswordMaximumLength = 128;

    public static IRuleBuilderOptions<T, string> ValidEmail<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(Domain.Common.Email.IsValid).WithMessage(Domain.Common.Email.InvalidMessage);
}
