using FinInfra.Api;
using FinInfra.Infrastructure.Configuration;

DotEnv.Load(Path.Combine(Directory.GetCurrentDirectory(), ".env"));

if (args.Length > 0 && args[0] == "db")
    return await DbCommandHost.RunAsync(args[1..]);

var app = ApiHost.Build(args);
await ApiHost.PrepareDatabaseAsync(app);
await app.RunAsync();
return 0;

/// <summary>Visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
