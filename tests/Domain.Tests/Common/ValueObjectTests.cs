using FinInfra.Domain.Common;

namespace FinInfra.Domain.Tests.Common;

public sealed class CurrencyCodeTests
{
    [Theory]
    [InlineData("USD", "USD")]
    [InlineData(" eur ", "EUR")]
    [InlineData("gbp", "GBP")]
    [InlineData("doge", "DOGE")]
    [InlineData("USDT", "USDT")]
    [InlineData("1INCH", "1INCH")]
    public void Valid_codes_are_trimmed_and_upper_cased(string input, string expected) =>
        Assert.Equal(expected, new CurrencyCode(input).Value);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("US")]
    [InlineData("ABCDEFGHIJK")]
    [InlineData("U S")]
    [InlineData("US-D")]
    [InlineData("€€€")]
    public void Invalid_codes_are_refused(string? input)
    {
        Rule.Broken("currency.invalid", () => _ = new CurrencyCode(input));
        Assert.False(CurrencyCode.IsValid(input));
    }

    [Fact]
    public void Default_value_reads_as_usd() => Assert.Equal("USD", default(CurrencyCode).Value);

    [Fact]
    public void Codes_compare_by_value() => Assert.Equal(new CurrencyCode("usd"), CurrencyCode.Usd);
}

public sealed class EmailTests
{
    [Theory]
    [InlineData("Ada@Example.COM", "ada@example.com")]
    [InlineData("  bob.smith+tag@mail.example.org ", "bob.smith+tag@mail.example.org")]
    public void Valid_addresses_are_trimmed_and_lower_cased(string input, string expected) =>
        Assert.Equal(expected, Email.Create(input).Value);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("a b@example.com")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("ada@example.com.")]
    public void Invalid_addresses_are_refused(string? input)
    {
        Rule.Broken("email.invalid", () => Email.Create(input));
        Assert.False(Email.IsValid(input));
    }

    [Fact]
    public void Addresses_differing_only_in_case_are_equal() => Assert.Equal(Email.Create("A@X.io"), Email.Create("a@x.io"));

    [Fact]
    public void Too_long_address_is_refused() => Rule.Broken("email.invalid", () => Email.Create(new string('a', 250) + "@x.io"));
}

public sealed class EncryptedSecretTests
{
    [Fact]
    public void ToString_never_shows_the_stored_value()
    {
        var secret = new EncryptedSecret("v1:k1:c2VjcmV0");
        Assert.Equal("***", secret.ToString());
        Assert.DoesNotContain("c2VjcmV0", $"{secret}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_value_is_refused(string value) => Rule.Broken("secret.invalid", () => _ = new EncryptedSecret(value));

    [Fact]
    public void Secrets_compare_by_stored_value()
    {
        Assert.Equal(new EncryptedSecret("v1:k1:abc"), new EncryptedSecret("v1:k1:abc"));
        Assert.NotEqual(new EncryptedSecret("v1:k1:abc"), new EncryptedSecret("v1:k2:abc"));
    }
}

public sealed class CalendarMonthsTests
{
    [Theory]
    [InlineData("2026-01-31", 1, "2026-02-28")]
    [InlineData("2024-01-31", 1, "2024-02-29")]
    [InlineData("2026-01-31", 3, "2026-04-30")]
    [InlineData("2026-01-31", 12, "2027-01-31")]
    [InlineData("9999-12-01", 0, "9999-12-01")]
    public void Months_are_added_clamped_to_shorter_months_without_drifting(string day, int months, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), FinInfra.Domain.Common.CalendarMonths.AddClamped(DateOnly.Parse(day), months));

    [Fact]
    public void Past_the_last_representable_month_there_is_no_day() =>
        Assert.Null(FinInfra.Domain.Common.CalendarMonths.AddClamped(new DateOnly(9999, 12, 31), 1));
}
