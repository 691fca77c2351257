using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench -- --filter '*'        (all)
// dotnet run -c Release --project bench -- --filter '*Secret*' (one class)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
