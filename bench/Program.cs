using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench -- --filter '*'        (all)
// dotnet run -c Release --project bench -- --filter '*Secret*' (one class)
// dotnet run -c Release --project bench -- reads [rows]    (issue 10's SQLite read ratios, FinInfra.Benchmarks.ReadPathRatios)
// dotnet run -c Release --project bench -- history [runs] (issue 12's history rows on SQLite and PostgreSQL, FinInfra.Benchmarks.HistoryRatios)
if (args is ["reads", ..])
    await FinInfra.Benchmarks.ReadPathRatios.RunAsync(args);
else if (args is ["history", ..])
    await FinInfra.Benchmarks.HistoryRatios.RunAsync(args);
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
