// Benchmarks of GatewayPersistence, each printing a table with the baseline beside ours, measured in the same run.
//   dotnet run -c Release -- ingest  --connection "<admin connection string>" [--rows N]
//   dotnet run -c Release -- queries --connection "<admin connection string>" [--rows N]
//   dotnet run -c Release -- enqueue [--rows N]   (the cost of one Enqueue alone; no server)
//   dotnet run -c Release -- lifecycle --connection "<admin connection string>" [--rows N] [--runs N] [--naive-runs N] [--ingest-seconds N]
//   dotnet run -c Release -- cluster --connection "<node1>|<node2>|<node3>" [--rows N] [--seconds N]
// scripts/bench.sh starts a tuned local server and passes the connection string.
using GatewayPersistence.Benchmarks;

var arguments = BenchmarkArguments.Parse(args);
return arguments.Suite switch
{
    "ingest" => await IngestBenchmark.RunAsync(arguments),
    "queries" => await QueryBenchmark.RunAsync(arguments),
    "enqueue" => EnqueueBenchmark.Run(arguments),
    "lifecycle" => await LifecycleBenchmark.RunAsync(arguments),
    "cluster" => await ClusterBenchmark.RunAsync(arguments),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: GatewayPersistence.Benchmarks ingest|queries|lifecycle|cluster --connection <connection string> [--rows N]");
    return 2;
}
