using FluentValidation;

namespace FinInfra.Application.Auth;

internal static class PasswordRules
{
    public const int MinimumLength = 8;

    /// <summary>Long enough for any passphrase, short enough that hashing it cannot be used to burn CPU.</summary>
    public const int MaximumLength = 128;

    public static IRuleBuilderOptions<T, string> ValidEmail<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(Domain.Common.Email.IsValid).WithMessage("Email is not a valid address.");
}
