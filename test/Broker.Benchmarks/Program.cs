using BenchmarkDotNet.Running;

// dotnet run -c Release --project test/Broker.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
