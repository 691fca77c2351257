namespace FinInfra.Api;

/// <summary>Entry point of <c>dotnet run --project src/Api -- db &lt;command&gt;</c>.</summary>
public static class DbCommandHost
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("db commands are not implemented yet.");
        return Task.FromResult(2);
    }
}
