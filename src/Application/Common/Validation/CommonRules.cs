using System.Buffers;
using FinInfra.Application.Common.Paging;
using FinInfra.Application.Common.Time;
using FinInfra.Domain.Common;
using FluentValidation;

namespace FinInfra.Application.Common.Validation;

/// <summary>Rules shared by many requests, so a bad value is a 400 before any aggregate sees it.</summary>
public static class CommonRules
{
    public static IRuleBuilderOptions<T, decimal> Money<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.Must(IsMoney).WithMessage(NotMoney);

    public static IRuleBuilderOptions<T, decimal?> Money<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.Must(v => v is null || IsMoney(v.Value)).WithMessage(NotMoney);

    private const string NotMoney = "'{PropertyName}' must be below 10^15 in magnitude with at most 4 decimal places.";

    /// <summary>The scale, not the rounded value, is checked: 1e-30 parses to a zero of scale 28, which is not 0.</summary>
    public static bool IsMoney(decimal value) => value.Scale <= 4 && Math.Abs(value) < Domain.Common.Amounts.Limit;

    public static IRuleBuilderOptions<T, string> Name<T>(this IRuleBuilder<T, string> rule, int maxLength = 255) =>
        rule.NotEmpty().Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("'{PropertyName}' must not be blank.")
            .MaximumLength(maxLength).Must(IsPlainText).WithMessage(ControlCharacters);

    /// <summary>
    /// Optional free text: at most <paramref name="maxLength"/> characters and no control characters. NUL in
    /// particular is not storable in PostgreSQL text (it would fail at SaveChanges); the other control characters are
    /// refused with it so that a name prints the same everywhere it appears.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> Text<T>(this IRuleBuilder<T, string?> rule, int maxLength = 255) =>
        rule.MaximumLength(maxLength).Must(IsPlainText).WithMessage(ControlCharacters);

    private const string ControlCharacters = "'{PropertyName}' must not contain control characters.";

    public static bool IsPlainText(string? value) => value is null || !value.AsSpan().ContainsAny(ControlCharacterSet);

    /// <summary>Exactly the characters <see cref="char.IsControl(char)"/> accepts (U+0000–U+001F, U+007F–U+009F), searched vectorised.</summary>
    private static readonly SearchValues<char> ControlCharacterSet =
        SearchValues.Create([.. Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c)]);

    public static IRuleBuilderOptions<T, string?> Currency<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => v is null || CurrencyCode.IsValid(v)).WithMessage(CurrencyCode.Message);

    public static IRuleBuilderOptions<T, int> PageLimit<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, PageLimits.Max);

    public static IRuleBuilderOptions<T, string?> IdCursor<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(c => c is null || Cursors.TryReadId(c, out _)).WithMessage(InvalidCursor);

    public static IRuleBuilderOptions<T, string?> DateAndIdCursor<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(c => c is null || Cursors.TryReadDateAndId(c, out _, out _)).WithMessage(InvalidCursor);

    /// <summary>
    /// The date-range rules (<see cref="DateRange"/>), one failure at most, keyed <see cref="DateRange.ErrorKey"/>: the
    /// ends in order and, when <paramref name="bounded"/> (an answer computed over the range), at most
    /// <see cref="DateRange.MaxDays"/>. <paramref name="range"/> is the range the query runs over, its defaults filled
    /// in; null when there is nothing to check.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, T> ValidDateRange<T>(this IRuleBuilder<T, T> rule, Func<T, DateRange?> range, bool bounded) =>
        rule.Custom((request, context) =>
        {
            if (range(request) is not { } r) return;
            if (!r.IsOrdered) context.AddFailure(DateRange.ErrorKey, DateRange.EndBeforeStartMessage);
            else if (bounded && r.Days > DateRange.MaxDays) context.AddFailure(DateRange.ErrorKey, DateRange.TooLongMessage);
        });

    private const string InvalidCursor = "The cursor is not valid; pass back a nextCursor exactly as it was returned.";
}
