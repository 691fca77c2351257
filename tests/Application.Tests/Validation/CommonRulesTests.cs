using FinInfra.Application.Common.Validation;

namespace FinInfra.Application.Tests.Validation;

public sealed class CommonRulesTests
{
    /// <summary>The vectorised search refuses exactly what <see cref="char.IsControl(char)"/> calls a control character.</summary>
    [Fact]
    public void Plain_text_refuses_exactly_the_control_characters_at_any_position()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var ch = (char)c;
            Assert.Equal(!char.IsControl(ch), CommonRules.IsPlainText(ch.ToString()));
            // Past the first vector too, after 40 plain characters.
            Assert.Equal(!char.IsControl(ch), CommonRules.IsPlainText(new string('a', 40) + ch + "b"));
        }
        Assert.True(CommonRules.IsPlainText(null));
        Assert.True(CommonRules.IsPlainText(""));
        Assert.True(CommonRules.IsPlainText("Café Zürich, 12 € — ok"));
    }
}
