using FinInfra.Application.Analytics;

namespace FinInfra.Application.Tests.Analytics;

public sealed class SpendingStatusTests
{
    /// <summary>Decimals come in as strings: attribute arguments cannot be decimal literals.</summary>
    private static decimal D(string value) => decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("0", "ok")]
    [InlineData("-20", "ok")]
    [InlineData("399.99", "ok")]
    [InlineData("399.995", "ok")] // displays as 80.00 %: the status is decided on the exact figure
    [InlineData("400", "warning")]
    [InlineData("499.99", "warning")]
    [InlineData("500", "warning")]
    [InlineData("500.0001", "over")]
    [InlineData("1000", "over")]
    public void Status_is_ok_below_80_percent_warning_from_80_up_to_and_including_100_and_over_above(string spent, string status) =>
        Assert.Equal(status, SpendingStatus.Of(500m, D(spent)));

    [Theory]
    [InlineData("399.995", "80.00")]
    [InlineData("0.0025", "0.00")]
    [InlineData("0.025", "0.01")]
    [InlineData("500.025", "100.01")]
    [InlineData("-20", "-4.00")]
    public void Percent_is_rounded_to_two_decimals_half_away_from_zero(string spent, string percent) =>
        Assert.Equal(D(percent), SpendingStatus.PercentUsed(500m, D(spent)));
}
