using FinInfra.Api;
using FinInfra.Api.Infrastructure;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Documents.Extraction;

// The document extraction child process (started by the extraction worker): no configuration, no .env, no secrets.
if (args.Length > 0 && args[0] == ExtractionChild.Verb)
    return await ExtractionChild.RunAsync(args[1..], Console.OpenStandardInput(), Console.OpenStandardOutput());

if (args.Length > 0 && args[0] == HealthProbe.Verb)
    return await HealthProbe.RunAsync(args[1..]);

DotEnv.Load(Path.Combine(Directory.GetCurrentDirectory(), ".env"));

if (args.Length > 0 && args[0] == "db")
    return await DbCommandHost.RunAsync(args[1..]);

// `dotnet run` starts the service in the caller's directory (./dev.db, ./.env, ./.fininfra), but appsettings.json is
// copied next to the binary: without this the content root would be the caller's directory and the settings unread.
// Arguments that come later (a test host's own --contentRoot) still win.
var app = ApiHost.Build([$"--contentRoot={AppContext.BaseDirectory}", .. args]);
await ApiHost.PrepareDatabaseAsync(app);
await app.RunAsync();
return 0;

/// <summary>Visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
