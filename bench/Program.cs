using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench -- --filter '*'        (all)
// dotnet run -c Release --project bench -- --filter '*Secret*' (one class)
// dotnet run -c Release --project bench -- reads [rows]    (issue 10's SQLite read ratios, FinInfra.Benchmarks.ReadPathRatios)
if (args is ["reads", ..])
    await FinInfra.Benchmarks.ReadPathRatios.RunAsync(args);
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
