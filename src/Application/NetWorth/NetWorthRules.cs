namespace FinInfra.Application.NetWorth;

/// <summary>The net-worth answers' shared request rules.</summary>
public static class NetWorthRules
{
    public const string NotInFutureMessage = "The date can be today at the latest: balances of days to come are not known.";
}
